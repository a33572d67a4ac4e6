import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '@/db';
import { overrideEnv } from '@/scripts/test-setup/env';
import { closeTestDb, testDb } from '@/scripts/test-setup/fixtures';
import { signedTwilioRequest } from '@/scripts/test-setup/twilio-webhook';
import { signCallbackToken } from '@/server/channels/callback-token';
import type { TwilioAccounts } from '@/server/services/calls/auth-token';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';
import { readTwilioWebhook } from '@/server/services/messaging/twilio-webhook';
import { handleRecordingCallback } from '@/server/services/recordings/recording-callback';
import { ownerCacheSize } from './org-telephony';

/**
 * Issue 14.2: a form Twilio cannot have sent (a SID of the wrong shape, a number that is not E.164)
 * is refused with 400 before the signature key, the owner cache or the database is looked at. The
 * database here counts every use; a well-formed request through the same code uses it.
 */
const BASE = 'https://cauce.malformed.gob.ar';
const TOKEN = randomBytes(16).toString('hex');
const hex = () => randomBytes(16).toString('hex');
const number = () => `+54342${randomInt(1_000_000, 9_999_999)}`;
const HUGE_SID = `AC${'f'.repeat(20_000)}`;

let uses = 0;
let counted: Database;
let accounts: TwilioAccounts;
let restore = () => {};

beforeAll(() => {
  restore = overrideEnv({
    DATABASE_URL: inject('databaseUrl'),
    PUBLIC_BASE_URL: BASE,
    TWILIO_AUTH_TOKEN: TOKEN,
  });
  const db = testDb();
  counted = new Proxy(db, {
    get(target, property, receiver) {
      uses++;
      return Reflect.get(target, property, receiver);
    },
  });
  accounts = { platformAuthToken: TOKEN, db: counted };
});
afterAll(async () => {
  restore();
  await closeTestDb();
});

const sign = (path: string, params: Record<string, string>) =>
  signedTwilioRequest({ publicUrl: `${BASE}${path}`, params, authToken: TOKEN });

/** Runs `send` and tells its status and how often the database (and the handler) was used. */
async function measure(send: () => Promise<Response>) {
  uses = 0;
  const cached = ownerCacheSize();
  const res = await send();
  return { status: res.status, uses, cacheGrew: ownerCacheSize() - cached };
}

describe('malformed Twilio webhooks: 400 with nothing looked up', () => {
  it('voice, gather and status (the shared voice shell)', async () => {
    let handled = 0;
    const voice = (params: Record<string, string>) =>
      handleTwilioWebhook(
        sign('/api/twilio/voice', params),
        'voice',
        async () => {
          handled++;
          return { twiml: '<Response/>' };
        },
        { accounts, publicBaseUrl: BASE },
      );
    const good = { AccountSid: `AC${hex()}`, CallSid: `CA${hex()}`, From: '+5493425550101', To: number() };
    const bads: Record<string, string>[] = [
      { AccountSid: HUGE_SID },
      { CallSid: 'CA123' },
      { To: 'sip:anyone@example.com' },
      { From: `+${'9'.repeat(20_000)}` },
    ];
    for (const bad of bads) {
      expect(await measure(() => voice({ ...good, ...bad, To: bad.To ?? number() }))).toEqual({
        status: 400,
        uses: 0,
        cacheGrew: 0,
      });
    }
    expect(handled).toBe(0);
    // The same shell with a well-formed form looks the number's owner up, then runs the handler.
    const ok = await measure(() => voice(good));
    expect(ok.status).toBe(200);
    expect(ok.uses).toBeGreaterThan(0);
    expect(handled).toBe(1);
  });

  it('sms and message-status (the shared messaging shell)', async () => {
    const read = (params: Record<string, string>) => async () => {
      const hook = await readTwilioWebhook(sign('/api/twilio/sms', params), {
        ownNumber: (p) => p.To ?? '',
        accounts,
      });
      return hook.ok ? new Response(null, { status: 204 }) : hook.response;
    };
    const good = { AccountSid: `AC${hex()}`, MessageSid: `SM${hex()}`, From: '+5493425550101', To: number() };
    const bads: Record<string, string>[] = [
      { AccountSid: HUGE_SID },
      { MessageSid: `SM${hex()}0` },
      { SmsSid: 'SMxyz' },
      { To: 'whatsapp:5493424000000' },
    ];
    for (const bad of bads) {
      expect(await measure(read({ ...good, ...bad }))).toEqual({ status: 400, uses: 0, cacheGrew: 0 });
    }
    const ok = await measure(read({ ...good, To: number() }));
    expect(ok.status).toBe(204);
    expect(ok.uses).toBeGreaterThan(0);
  });

  it('recording', async () => {
    const ref = encodeURIComponent(signCallbackToken('recording', [`call-CA${hex()}`, 'rec', number()]));
    const post = (params: Record<string, string>) => () =>
      handleRecordingCallback(sign(`/api/twilio/recording?ref=${ref}`, params), {
        db: counted,
        accounts,
        publicBaseUrl: BASE,
      });
    const good = {
      AccountSid: `AC${hex()}`,
      CallSid: `CA${hex()}`,
      RecordingSid: `RE${hex()}`,
      RecordingStatus: 'completed',
      RecordingDuration: '3',
    };
    const bads: Record<string, string>[] = [
      { AccountSid: HUGE_SID },
      { RecordingSid: 'RE1' },
      { CallSid: `CA${'z'.repeat(32)}` },
    ];
    for (const bad of bads) {
      expect(await measure(post({ ...good, ...bad }))).toEqual({ status: 400, uses: 0, cacheGrew: 0 });
    }
    const ok = await measure(post(good));
    // No such execution: nothing stored, but the number's owner and the execution were looked up.
    expect(ok.status).toBe(204);
    expect(ok.uses).toBeGreaterThan(0);
  });

  it('the sms route itself answers a 20 KB AccountSid with 400, unsigned', async () => {
    const { POST } = await import('@/app/api/twilio/sms/route');
    const body = new URLSearchParams({
      AccountSid: HUGE_SID,
      MessageSid: `SM${hex()}`,
      From: '+5493425550101',
      To: number(),
    });
    const res = await POST(
      new Request(`${BASE}/api/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      }),
    );
    expect(res.status).toBe(400);
  });
});
