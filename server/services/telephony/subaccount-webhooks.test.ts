import { randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, testDb } from '@/scripts/test-setup/fixtures';
import { PRISM_OWNER_ACCOUNT_SID, type PrismServer, startPrism } from '@/scripts/test-setup/prism';
import { signedTwilioRequest } from '@/scripts/test-setup/twilio-webhook';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';
import { invalidateTelephonyCache } from './org-telephony';

const db = testDb();
const BASE = 'https://cauce.example.gob.ar';
const PLATFORM_TOKEN = randomBytes(16).toString('hex');
// Saving the subaccount asks Twilio (Prism), whose example account this platform owns.
const PLATFORM_SID = PRISM_OWNER_ACCOUNT_SID;
const SUBACCOUNT = {
  subaccountSid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
};
const number = () => `+54342${randomInt(1_000_000, 9_999_999)}`;
const SUB_NUMBER = number();
const PLATFORM_NUMBER = number();
const saved: Record<string, string | undefined> = {};
let statusRoute: (request: Request) => Promise<Response>;
let subOrgId = '';
let prism: PrismServer;

/** The AccountSid Twilio sends: the subaccount's for its numbers, else the platform's. */
const accountOf = (n: string) => (n === SUB_NUMBER ? SUBACCOUNT.subaccountSid : PLATFORM_SID);

/** An incoming call to `to`, signed with `token`, through the shared voice webhook shell. */
function call(to: string, token: string, accountSid = accountOf(to), extra: Record<string, string> = {}) {
  const request = signedTwilioRequest({
    publicUrl: `${BASE}/api/twilio/voice`,
    params: {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: accountSid,
      From: '+5493425550101',
      To: to,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ...extra,
    },
    authToken: token,
  });
  return handleTwilioWebhook(request, 'voice', async () => ({ twiml: '<Response><Hangup/></Response>' }), {
    publicBaseUrl: BASE,
  });
}

/** A WhatsApp message status callback about a message sent from `from`, signed with `token`. */
function status(from: string, token: string, accountSid = accountOf(from)) {
  return statusRoute(
    signedTwilioRequest({
      publicUrl: `${BASE}/api/twilio/message-status`,
      params: {
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        MessageStatus: 'delivered',
        From: `whatsapp:${from}`,
        To: 'whatsapp:+5493425550101',
        AccountSid: accountSid,
      },
      authToken: token,
    }),
  );
}

beforeAll(async () => {
  prism = await startPrism();
  const env = {
    TWILIO_API_BASE_URL: prism.url,
    DATABASE_URL: inject('databaseUrl'),
    TWILIO_ACCOUNT_SID: PLATFORM_SID,
    TWILIO_AUTH_TOKEN: PLATFORM_TOKEN,
    PUBLIC_BASE_URL: BASE,
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  ({ POST: statusRoute } = await import('@/app/api/twilio/message-status/route'));
  const own = await createTenant(db, 'Subcuenta');
  subOrgId = own.org.id;
  const ownAdmin = callerFor(db, own, 'admin');
  await ownAdmin.telephony.saveSubaccount(SUBACCOUNT);
  await ownAdmin.telephony.addNumber({ number: SUB_NUMBER, kind: 'voice_sms', account: 'subaccount' });
  await ownAdmin.telephony.addNumber({ number: SUB_NUMBER, kind: 'whatsapp', account: 'subaccount' });
  const shared = await createTenant(db, 'Plataforma');
  await callerFor(db, shared, 'admin').telephony.addNumber({ number: PLATFORM_NUMBER, kind: 'whatsapp' });
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await prism.stop();
  await closeTestDb();
});

describe('webhook signatures use the token of the account that owns the number', () => {
  it('a call to a subaccount number: verified with the subaccount token, refused with the platform token', async () => {
    expect((await call(SUB_NUMBER, SUBACCOUNT.authToken)).status).toBe(200);
    expect((await call(SUB_NUMBER, PLATFORM_TOKEN)).status).toBe(403);
  });

  it('a call to a platform number (registered or not): verified with the platform token, refused with the subaccount one', async () => {
    expect((await call(PLATFORM_NUMBER, PLATFORM_TOKEN)).status).toBe(200);
    expect((await call(PLATFORM_NUMBER, SUBACCOUNT.authToken)).status).toBe(403);
    const unregistered = number();
    expect((await call(unregistered, PLATFORM_TOKEN)).status).toBe(200);
    expect((await call(unregistered, SUBACCOUNT.authToken)).status).toBe(403);
  });

  it('messaging webhooks (WhatsApp addresses) follow the same rule', async () => {
    expect((await status(SUB_NUMBER, SUBACCOUNT.authToken)).status).toBe(204);
    expect((await status(SUB_NUMBER, PLATFORM_TOKEN)).status).toBe(403);
    expect((await status(PLATFORM_NUMBER, PLATFORM_TOKEN)).status).toBe(204);
    expect((await status(PLATFORM_NUMBER, SUBACCOUNT.authToken)).status).toBe(403);
  });

  it('an unregistered number is the platform one: the AccountSid in the form picks no subaccount key', async () => {
    const pool = number();
    // Issue 14.1: an organismo that saved a made-up subaccount signed for numbers it does not own.
    expect((await status(pool, SUBACCOUNT.authToken, SUBACCOUNT.subaccountSid)).status).toBe(403);
    expect((await status(pool, PLATFORM_TOKEN, SUBACCOUNT.subaccountSid)).status).toBe(204);
    expect((await status(pool, PLATFORM_TOKEN, PLATFORM_SID)).status).toBe(204);
    // Naming an account that is nobody's subaccount does not pick anyone's token but the platform's.
    expect((await status(pool, SUBACCOUNT.authToken, `AC${'f'.repeat(32)}`)).status).toBe(403);
    // A registered number: its owner decides, whatever AccountSid says.
    expect((await call(SUB_NUMBER, PLATFORM_TOKEN, PLATFORM_SID)).status).toBe(403);
    expect((await call(PLATFORM_NUMBER, SUBACCOUNT.authToken, SUBACCOUNT.subaccountSid)).status).toBe(403);
  });

  it('an inbound call is verified with the key of the owner of To, whatever Direction and From say', async () => {
    // Signed as the subaccount's organismo, for the platform's number, claiming to be its own outbound call.
    const forged = { Direction: 'outbound-api', From: SUB_NUMBER };
    expect((await call(PLATFORM_NUMBER, SUBACCOUNT.authToken, SUBACCOUNT.subaccountSid, forged)).status).toBe(
      403,
    );
    expect((await call(PLATFORM_NUMBER, PLATFORM_TOKEN, PLATFORM_SID, forged)).status).toBe(200);
  });

  it('a subaccount number whose stored token cannot be decrypted is refused, never checked with the platform token', async () => {
    const row = await db.query.telephonyAccount.findFirst({
      where: eq(schema.telephonyAccount.organizationId, subOrgId),
    });
    const stored = row?.authTokenEncrypted ?? '';
    const parts = stored.split('.');
    const data = Buffer.from(parts[3] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 0x01;
    parts[3] = data.toString('base64url');
    await db
      .update(schema.telephonyAccount)
      .set({ authTokenEncrypted: parts.join('.') })
      .where(eq(schema.telephonyAccount.organizationId, subOrgId));
    invalidateTelephonyCache();
    try {
      expect((await call(SUB_NUMBER, SUBACCOUNT.authToken)).status).toBe(503);
      expect((await call(SUB_NUMBER, PLATFORM_TOKEN)).status).toBe(503);
      expect((await status(SUB_NUMBER, PLATFORM_TOKEN)).status).toBe(503);
    } finally {
      await db
        .update(schema.telephonyAccount)
        .set({ authTokenEncrypted: stored })
        .where(eq(schema.telephonyAccount.organizationId, subOrgId));
      invalidateTelephonyCache();
    }
    expect((await call(SUB_NUMBER, SUBACCOUNT.authToken)).status).toBe(200);
  });
});
