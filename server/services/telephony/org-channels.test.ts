import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Twilio } from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { SendMessageInput } from '@/lib/contracts/engine-activities';
import { overrideEnv } from '@/scripts/test-setup/env';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type PrismServer, platformOnPrism, startPrism } from '@/scripts/test-setup/prism';
import { placeCall } from '@/server/services/calls/place-call';
import { sendMessage } from '@/server/services/messaging/send-message';
import { twilioClientFor, twilioSettingsForOrg } from '@/server/services/telephony/twilio-for-org';
import { channelsFromEnv } from './channels-from-env';

const db = testDb();
const PLATFORM = `AC${'a'.repeat(32)}`;
const BASE = 'https://cauce.example.gob.ar';
const number = () => `+54342${randomInt(1_000_000, 9_999_999)}`;
let prism: PrismServer;
/** The platform has no Twilio account here: only organismos with a subaccount use Twilio. */
let noPlatform: Record<string, string>;
let withPlatform: Record<string, string>;
let own: Tenant;
let shared: Tenant;
const subaccount = {
  subaccountSid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
};
const ownNumber = number();
const sharedCallerId = number();

function message(t: Tenant, overrides: Partial<SendMessageInput> = {}): SendMessageInput {
  return {
    organizationId: t.org.id,
    executionId: t.executionId,
    stepId: 'sms',
    idempotencyKey: `${t.executionId}:${randomUUID()}`,
    channel: 'sms',
    to: '+5493424111222',
    body: 'Tu turno es mañana a las 9:30.',
    ...overrides,
  };
}

/** The SDK client the organismo's sends went through (one per account: twilio-for-org.ts). */
async function clientOf(t: Tenant, env: Record<string, string>): Promise<Twilio> {
  const org = await twilioSettingsForOrg(db, t.org.id, env);
  if (!org) throw new Error('no Twilio account for this organismo');
  return twilioClientFor(org.settings);
}

function lastForm(client: Twilio): Record<string, unknown> {
  const data: unknown = client.httpClient.lastRequest?.data;
  return data !== null && typeof data === 'object' ? { ...data } : {};
}

async function outboxRow(id: string) {
  return db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, id) });
}

beforeAll(async () => {
  prism = await startPrism();
  noPlatform = { TWILIO_API_BASE_URL: prism.url, PUBLIC_BASE_URL: BASE };
  withPlatform = {
    ...noPlatform,
    TWILIO_ACCOUNT_SID: PLATFORM,
    TWILIO_AUTH_TOKEN: 'platform-token',
    TWILIO_MESSAGING_SERVICE_SID: `MG${'c'.repeat(32)}`,
  };
  own = await createTenant(db, 'Propia');
  const ownAdmin = callerFor(db, own, 'admin');
  // Saving a subaccount asks Twilio's Accounts API (Prism), owned by the account of its example.
  const restoreEnv = overrideEnv(platformOnPrism(prism));
  await ownAdmin.telephony.saveSubaccount(subaccount).finally(restoreEnv);
  await ownAdmin.telephony.addNumber({ number: ownNumber, kind: 'voice_sms', account: 'subaccount' });
  await ownAdmin.telephony.addNumber({ number: ownNumber, kind: 'whatsapp', account: 'subaccount' });
  shared = await createTenant(db, 'Compartida');
  // The fixture's number is the organismo's first one; its default caller id comes first.
  await callerFor(db, shared, 'admin').telephony.addNumber({ number: sharedCallerId, kind: 'voice_sms' });
  await callerFor(db, shared, 'admin').telephony.saveSenders({
    messagingServiceSid: '',
    defaultCallerId: sharedCallerId,
  });
});
afterAll(async () => {
  await prism.stop();
  await closeTestDb();
});

describe('outbound sends per organismo (Twilio OpenAPI on Prism)', () => {
  it('an organismo with a subaccount sends SMS through it, from its own number', async () => {
    const channels = channelsFromEnv(db, noPlatform);
    const sent = await sendMessage({ db, channels }, message(own));
    expect(sent.status).toBe('sent');
    const client = await clientOf(own, noPlatform);
    expect(client.httpClient.lastRequest?.url).toBe(
      `${prism.url}/2010-04-01/Accounts/${subaccount.subaccountSid}/Messages.json`,
    );
    expect(lastForm(client)).toMatchObject({ To: '+5493424111222', From: ownNumber });
    expect(await outboxRow(sent.messageId)).toMatchObject({
      adapter: 'twilio',
      providerId: expect.stringMatching(/^SM/),
    });
  });

  it('its WhatsApp goes from its WhatsApp sender, and through its Messaging Service once it sets one', async () => {
    const channels = channelsFromEnv(db, noPlatform);
    await sendMessage({ db, channels }, message(own, { channel: 'whatsapp' }));
    const client = await clientOf(own, noPlatform);
    expect(lastForm(client)).toMatchObject({ To: 'whatsapp:+5493424111222', From: `whatsapp:${ownNumber}` });
    const service = `MG${randomBytes(16).toString('hex')}`;
    await callerFor(db, own, 'admin').telephony.saveSenders({
      messagingServiceSid: service,
      defaultCallerId: '',
    });
    await sendMessage({ db, channels }, message(own));
    expect(client.httpClient.lastRequest?.url).toContain(
      `/Accounts/${subaccount.subaccountSid}/Messages.json`,
    );
    expect(lastForm(client)).toMatchObject({ MessagingServiceSid: service });
    expect(lastForm(client).From).toBeUndefined();
  });

  it('an organismo on the platform account sends through the platform, from its default caller id', async () => {
    const channels = channelsFromEnv(db, withPlatform);
    const sent = await sendMessage({ db, channels }, message(shared));
    expect(sent.status).toBe('sent');
    const client = await clientOf(shared, withPlatform);
    expect(client.httpClient.lastRequest?.url).toBe(
      `${prism.url}/2010-04-01/Accounts/${PLATFORM}/Messages.json`,
    );
    // Its own sender wins over the platform's Messaging Service.
    expect(lastForm(client)).toMatchObject({ From: sharedCallerId });
    expect(lastForm(client).MessagingServiceSid).toBeUndefined();
  });

  it('without any account the simulator carries the message, and the outbox says so', async () => {
    const sent = await sendMessage({ db, channels: channelsFromEnv(db, noPlatform) }, message(shared));
    expect(await outboxRow(sent.messageId)).toMatchObject({ adapter: 'simulator', status: 'delivered' });
  });

  it('a call may not show another organismo’s number as its caller id', async () => {
    const failure = await placeCall(
      { db, channels: channelsFromEnv(db, withPlatform) },
      {
        organizationId: shared.org.id,
        executionId: shared.executionId,
        stepId: 'llamar',
        idempotencyKey: `${shared.executionId}:${randomUUID()}`,
        to: '+5493424111333',
        from: ownNumber,
        machineDetection: false,
        timeoutSeconds: 20,
      },
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'SENDER_NOT_OWNED' });
  });
});
