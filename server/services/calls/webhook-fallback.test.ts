import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/db';
import { freePort } from '@/scripts/lib/temporal-dev-server';
import { twilioRequests } from '@/scripts/test-setup/twilio-webhook';
import { callerMessage, SORRY_ERROR } from './caller-messages';
import { handleTwilioWebhook, withVoiceFallback } from './twilio-webhook';
import { checkVoiceTwiml, verbsOf } from './twiml-check';

const BASE = 'https://cauce.test.gob.ar';
const TOKEN = randomBytes(16).toString('hex');
const request = twilioRequests(TOKEN);
const call = () => ({
  CallSid: `CA${randomBytes(16).toString('hex')}`,
  AccountSid: `AC${randomBytes(16).toString('hex')}`,
  From: '+5493425550101',
  To: '+543424000000',
  CallStatus: 'in-progress',
});

async function expectApology(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/xml');
  const xml = await res.text();
  expect(checkVoiceTwiml(xml)).toEqual([]);
  expect(verbsOf(xml).map((v) => [v.name, v.text])).toEqual([
    ['Say', SORRY_ERROR],
    ['Hangup', ''],
  ]);
}

describe('voice webhooks when a dependency is down', () => {
  // A port nobody listens on: PostgreSQL stopped.
  let stopped: ReturnType<typeof createDb>;
  // A server that accepts connections and never answers: PostgreSQL hung (or a black-holed network).
  let hung: Server;
  let hungDb: ReturnType<typeof createDb>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    stopped = createDb(`postgres://u:p@127.0.0.1:${await freePort()}/none`, { max: 1 });
    hung = createServer((socket) => void sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => hung.listen(port, '127.0.0.1', resolve));
    hungDb = createDb(`postgres://u:p@127.0.0.1:${port}/none`, { max: 1 });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => hung.close(resolve));
    await stopped.sql.end({ timeout: 0 });
    await hungDb.sql.end({ timeout: 0 });
  });

  it('answers the apology TwiML, not a 500, when the account lookup finds PostgreSQL stopped', async () => {
    let handled = false;
    const res = await handleTwilioWebhook(
      request(`${BASE}/api/twilio/voice`, call()),
      'voice',
      async () => {
        handled = true;
        return { twiml: '<Response/>' };
      },
      { accounts: { platformAuthToken: TOKEN, db: stopped.db }, publicBaseUrl: BASE },
    );
    await expectApology(res);
    // The request could not be verified, so nothing ran for it.
    expect(handled).toBe(false);
  });

  it('answers the apology within its deadline when PostgreSQL accepts connections and never answers', async () => {
    const started = performance.now();
    const res = await handleTwilioWebhook(
      request(`${BASE}/api/twilio/gather?seq=1`, call()),
      'gather',
      async () => ({ twiml: '<Response/>' }),
      { accounts: { platformAuthToken: TOKEN, db: hungDb.db }, publicBaseUrl: BASE, deadlineMs: 1500 },
    );
    await expectApology(res);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers the apology when the handler fails (Temporal down) or hangs past the deadline, or throws at once', async () => {
    const opts = { accounts: { platformAuthToken: TOKEN, db: null }, publicBaseUrl: BASE, deadlineMs: 800 };
    const url = `${BASE}/api/twilio/voice`;
    await expectApology(
      await handleTwilioWebhook(
        request(url, call()),
        'voice',
        () => Promise.reject(new Error('UNAVAILABLE')),
        opts,
      ),
    );
    const started = performance.now();
    await expectApology(
      await handleTwilioWebhook(request(url, call()), 'voice', () => new Promise(() => {}), opts),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    await expectApology(
      await handleTwilioWebhook(
        request(url, call()),
        'status',
        () => {
          throw new Error('DATABASE_URL is not set');
        },
        opts,
      ),
    );
  });

  it('the recording callback answers the apology when storing fails or hangs', async () => {
    const req = () => new Request('http://127.0.0.1:3000/api/twilio/recording', { method: 'POST' });
    await expectApology(
      await withVoiceFallback(req(), 'recording', () => Promise.reject(new Error('ECONNREFUSED'))),
    );
    await expectApology(await withVoiceFallback(req(), 'recording', () => new Promise(() => {}), 300));
    const ok = await withVoiceFallback(req(), 'recording', async () => new Response(null, { status: 204 }));
    expect(ok.status).toBe(204);
  });

  it('speaks the catalogs: es-AR by default, en when that is the language', () => {
    expect(callerMessage('sorryError')).toBe(SORRY_ERROR);
    expect(callerMessage('sorryError', 'de')).toBe(SORRY_ERROR);
    expect(callerMessage('sorryError', 'en')).toBe(
      'We are sorry, we cannot take your call right now. Please call again later.',
    );
  });
});
