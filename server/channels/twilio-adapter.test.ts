import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Twilio } from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { SendMessageInput } from '@/lib/contracts/engine-activities';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type PrismServer, startPrism } from '@/scripts/test-setup/prism';
import { messageStatusKey, verifyCallbackToken } from '@/server/channels/callback-token';
import { placeCall } from '@/server/services/calls/place-call';
import { isOptedOut } from '@/server/services/citizens/opt-out';
import { sendMessage } from '@/server/services/messaging/send-message';
import { reportedOutcome } from '@/workflows/nodes/place-outbound-call/outcome';
import {
  createdCallOutcome,
  createTwilioAdapter,
  createTwilioClient,
  type TwilioSettings,
  twilioSettingsFromEnv,
} from './twilio-adapter';

const db = testDb();
const ACCOUNT = `AC${'a'.repeat(32)}`;
let prism: PrismServer;
let t: Tenant;

function settings(overrides: Partial<TwilioSettings> = {}): TwilioSettings {
  return {
    accountSid: ACCOUNT,
    authToken: 'test-auth-token',
    messagingServiceSid: null,
    fromNumber: '+5493424000000',
    whatsappFrom: null,
    publicBaseUrl: 'https://cauce.example.gob.ar',
    apiBaseUrl: prism.url,
    ...overrides,
  };
}

/** The adapter and the SDK client under it, so a test can read the request the SDK sent. */
function twilioFor(s: TwilioSettings) {
  const client = createTwilioClient(s);
  return { client, adapter: createTwilioAdapter({ settings: s, client }) };
}

function lastForm(client: Twilio): Record<string, unknown> {
  const data: unknown = client.httpClient.lastRequest?.data;
  return data !== null && typeof data === 'object' ? { ...data } : {};
}

function message(overrides: Partial<SendMessageInput> = {}): SendMessageInput {
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

const randomPhone = () => `+5493424${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

beforeAll(async () => {
  prism = await startPrism();
  t = await createTenant(db, 'Twilio');
});
afterAll(async () => {
  await prism.stop();
  await closeTestDb();
});

describe('Twilio adapter against Prism (Twilio OpenAPI, request validation on)', () => {
  it('sends an SMS from the configured number with a status callback naming the outbox row', async () => {
    const { client, adapter } = twilioFor(settings());
    const input = message();
    const result = await sendMessage({ db, channels: adapter }, input);
    expect(result.status).toBe('sent');
    expect(client.httpClient.lastRequest?.url).toBe(
      `${prism.url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
    );
    expect(lastForm(client)).toMatchObject({
      To: '+5493424111222',
      From: '+5493424000000',
      Body: 'Tu turno es mañana a las 9:30.',
      // Issue 14.1: the key names the outbox row and its organismo, MAC'd (was the guessable idempotency key).
      StatusCallback: `https://cauce.example.gob.ar/api/twilio/message-status?key=${encodeURIComponent(
        messageStatusKey({ id: result.messageId, organizationId: t.org.id }),
      )}`,
    });
    const row = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.id, result.messageId),
    });
    expect(row).toMatchObject({
      adapter: 'twilio',
      status: 'sent',
      providerId: expect.stringMatching(/^SM/),
    });
  });

  it('sends WhatsApp through a Messaging Service when one is set, with whatsapp: addresses', async () => {
    const { client, adapter } = twilioFor(settings({ messagingServiceSid: `MG${'b'.repeat(32)}` }));
    const result = await sendMessage({ db, channels: adapter }, message({ channel: 'whatsapp' }));
    expect(result.status).toBe('sent');
    const form = lastForm(client);
    expect(form).toMatchObject({ To: 'whatsapp:+5493424111222', MessagingServiceSid: `MG${'b'.repeat(32)}` });
    expect(form.From).toBeUndefined();
  });

  it('places a call with synchronous machine detection, status callback events and signed webhook URLs', async () => {
    const { client, adapter } = twilioFor(settings());
    const key = `${t.executionId}:${randomUUID()}`;
    const result = await placeCall(
      { db, channels: adapter },
      {
        organizationId: t.org.id,
        executionId: t.executionId,
        stepId: 'llamar',
        idempotencyKey: key,
        to: '+5493424111333',
        machineDetection: true,
        timeoutSeconds: 25,
      },
    );
    // The outcome comes later, from the webhooks: the execution waits for it.
    expect(result).toEqual({ callId: expect.stringMatching(/^CA/), outcome: 'pending' });
    const form = lastForm(client);
    expect(form).toMatchObject({
      To: '+5493424111333',
      From: '+5493424000000',
      MachineDetection: 'DetectMessageEnd',
      MachineDetectionTimeout: 30,
      AsyncAmd: 'false',
      Timeout: 25,
      Method: 'POST',
      StatusCallbackMethod: 'POST',
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    // Both webhooks name the outbox row with a token Cauce signed (and nothing else can mint).
    const url = new URL(String(form.Url));
    const status = new URL(String(form.StatusCallback));
    expect(`${url.origin}${url.pathname}`).toBe('https://cauce.example.gob.ar/api/twilio/voice');
    expect(`${status.origin}${status.pathname}`).toBe('https://cauce.example.gob.ar/api/twilio/status');
    expect(verifyCallbackToken('outbound-call', url.searchParams.get('outbound'))).toEqual([key]);
    expect(status.searchParams.get('outbound')).toBe(url.searchParams.get('outbound'));
    expect(verifyCallbackToken('recording', url.searchParams.get('outbound'))).toBeNull();
    const row = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.idempotencyKey, key),
    });
    expect(row).toMatchObject({
      channel: 'voice',
      adapter: 'twilio',
      status: 'queued',
      providerId: result.callId,
    });
  });

  it('places a call without machine detection when the node turns it off', async () => {
    const { client, adapter } = twilioFor(settings());
    await placeCall(
      { db, channels: adapter },
      {
        organizationId: t.org.id,
        executionId: t.executionId,
        stepId: 'llamar',
        idempotencyKey: `${t.executionId}:${randomUUID()}`,
        to: '+5493424111334',
        machineDetection: false,
        timeoutSeconds: 30,
      },
    );
    const form = lastForm(client);
    expect(form.MachineDetection).toBeUndefined();
    expect(form.AsyncAmd).toBeUndefined();
    expect(form).toMatchObject({ StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] });
  });

  it('is really validating: a call without From is refused 422 by the spec', async () => {
    const client = createTwilioClient(settings());
    const response = await client.request({
      method: 'post',
      uri: `${prism.url}/2010-04-01/Accounts/${ACCOUNT}/Calls.json`,
      data: { To: '+5493424111333', Url: 'https://cauce.example.gob.ar/api/twilio/voice' },
    });
    expect(response.statusCode).toBe(422);
    expect(JSON.stringify(response.body)).toContain("required property 'From'");
    // And without credentials the API answers 401, as Twilio does.
    const anonymous = await fetch(`${prism.url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'To=%2B5493424111333&From=%2B5493424000000&Body=hola',
    });
    expect(anonymous.status).toBe(401);
  });

  it('maps call statuses and AnsweredBy to the node ports', () => {
    expect(createdCallOutcome('queued')).toBe('pending');
    expect(createdCallOutcome('completed')).toBe('pending');
    expect(createdCallOutcome('failed')).toBe('failed');
    const answered = (answeredBy: string | null) => reportedOutcome({ kind: 'answered', answeredBy });
    expect(answered(null)).toBe('answered');
    expect(answered('human')).toBe('answered');
    expect(answered('unknown')).toBe('answered');
    expect(answered('machine_end_beep')).toBe('machine');
    expect(answered('machine_start')).toBe('machine');
    expect(answered('fax')).toBe('machine');
    expect(reportedOutcome({ kind: 'ended', callStatus: 'busy' })).toBe('busy');
    expect(reportedOutcome({ kind: 'ended', callStatus: 'no-answer' })).toBe('no_answer');
    expect(reportedOutcome({ kind: 'ended', callStatus: 'canceled' })).toBe('failed');
    expect(reportedOutcome({ kind: 'ended', callStatus: 'completed' })).toBe('failed');
    expect(reportedOutcome(null)).toBe('no_answer');
  });
});

describe('Twilio refusals (the real SDK against a local stand-in answering Twilio errors)', () => {
  let stub: Server;
  let stubUrl = '';
  const requests: string[] = [];
  let answer: { status: number; body: Record<string, unknown> } = { status: 400, body: {} };

  beforeAll(async () => {
    stub = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        requests.push(body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const address = stub.address();
    stubUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => stub.close(() => resolve()));
  });

  it('21610: records the opt-out for the organismo and channel, reports skipped, never asks again', async () => {
    answer = {
      status: 400,
      body: {
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
        more_info: 'https://www.twilio.com/docs/errors/21610',
        status: 400,
      },
    };
    const adapter = createTwilioAdapter({ settings: settings({ apiBaseUrl: stubUrl }) });
    const phone = randomPhone();
    const before = requests.length;
    const first = await sendMessage({ db, channels: adapter }, message({ to: phone }));
    expect(first.status).toBe('skipped_opt_out');
    expect(requests.length).toBe(before + 1);
    const row = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.id, first.messageId),
    });
    expect(row).toMatchObject({ status: 'skipped_opt_out', adapter: 'twilio' });
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'sms', address: phone, kind: 'phone' }),
    ).toBe(true);
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'whatsapp', address: phone, kind: 'phone' }),
    ).toBe(false);
    // The next message to that citizen is skipped before Twilio is asked.
    const second = await sendMessage({ db, channels: adapter }, message({ to: phone }));
    expect(second.status).toBe('skipped_opt_out');
    expect(requests.length).toBe(before + 1);
  });

  it('another 4xx is a non-retryable failure; the row keeps the error so a retry may claim it', async () => {
    answer = {
      status: 400,
      body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 },
    };
    const adapter = createTwilioAdapter({ settings: settings({ apiBaseUrl: stubUrl }) });
    const input = message({ to: randomPhone() });
    const failure = await sendMessage({ db, channels: adapter }, input).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'TWILIO_21211' });
    const [row] = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.idempotencyKey, input.idempotencyKey));
    expect(row).toMatchObject({ status: 'error', error: expect.stringContaining('21211') });
  });

  it('a 5xx stays retryable', async () => {
    answer = { status: 503, body: { message: 'Service unavailable', status: 503 } };
    const adapter = createTwilioAdapter({ settings: settings({ apiBaseUrl: stubUrl }) });
    const failure = await sendMessage({ db, channels: adapter }, message({ to: randomPhone() })).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
  });
});

describe('twilioSettingsFromEnv', () => {
  it('needs both the account SID and the auth token, and reads the REST base override', () => {
    expect(twilioSettingsFromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT })).toBeNull();
    expect(
      twilioSettingsFromEnv({
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: 'x',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
        PUBLIC_BASE_URL: 'https://cauce.example.gob.ar/',
      }),
    ).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:4010', publicBaseUrl: 'https://cauce.example.gob.ar' });
    const client = createTwilioClient(settings({ apiBaseUrl: 'http://127.0.0.1:4010' }));
    expect(client.api.baseUrl).toBe('http://127.0.0.1:4010');
  });
});
