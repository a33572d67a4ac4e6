import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { PlaceCallInput, SendMessageInput } from '@/lib/contracts/engine-activities';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import type { ChannelAdapter } from '@/server/channels/channel-adapter';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { createTwilioAdapter } from '@/server/channels/twilio-adapter';
import { advanceCallRow, recordCallOutcome } from '@/server/services/calls/call-progress';
import { placeCall } from '@/server/services/calls/place-call';
import { compileDraft } from '@/server/services/flows/compile-draft';
import { applyMessageStatus } from '@/server/services/messaging/message-status';
import { sendMessage } from '@/server/services/messaging/send-message';
import { destinationRefusal } from '@/server/services/telephony/dial-policy';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { listOutbox } from './list-outbox';
import { claimOutboxRow } from './outbox-row';
import { statusMayMove } from './outbox-status';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Hardening');
});
afterAll(async () => {
  await closeTestDb();
});

const key = () => `${t.executionId}:${randomUUID()}`;
const phone = () => `+5493424${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

function sms(overrides: Partial<SendMessageInput> = {}): SendMessageInput {
  return {
    organizationId: t.org.id,
    executionId: t.executionId,
    stepId: 'sms',
    idempotencyKey: key(),
    channel: 'sms',
    to: phone(),
    body: 'Su turno es mañana.',
    ...overrides,
  };
}

function call(overrides: Partial<PlaceCallInput> = {}): PlaceCallInput {
  return {
    organizationId: t.org.id,
    executionId: t.executionId,
    stepId: 'llamar',
    idempotencyKey: key(),
    to: phone(),
    machineDetection: false,
    timeoutSeconds: 30,
    ...overrides,
  };
}

async function rowByKey(idempotencyKey: string) {
  return db.query.outboundMessage.findFirst({
    where: eq(schema.outboundMessage.idempotencyKey, idempotencyKey),
  });
}

/** The non-retryable failure a send ends in (the step's failed port); `code` is its type. */
async function failure(
  run: () => Promise<unknown>,
): Promise<{ code: string | undefined | null; message: string }> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ApplicationFailure && err.nonRetryable)
      return { code: err.type, message: err.message };
    throw err;
  }
  throw new Error('expected a failure');
}

/** The simulator, counting what reaches it; `before` runs first (a callback that beats the receipt). */
function counted(before?: (to: string, idempotencyKey: string) => Promise<void>) {
  const sim = createSimulatorAdapter(db);
  const sent: string[] = [];
  const adapter: ChannelAdapter = {
    name: 'simulator',
    sendSms: async (m) => {
      sent.push(m.to);
      await before?.(m.to, m.idempotencyKey);
      const receipt = await sim.sendSms(m);
      return receipt.status === 'skipped_opt_out' ? receipt : { ...receipt, status: 'sent' };
    },
    sendWhatsApp: async (m) => {
      sent.push(m.to);
      return sim.sendWhatsApp(m);
    },
    sendEmail: sim.sendEmail,
    placeCall: async (r) => {
      sent.push(r.to);
      return sim.placeCall(r);
    },
  };
  return { adapter, sent };
}

/**
 * A Twilio REST API that takes every request and then never answers (`hang`) or drops the
 * connection once it has read the body (`drop`): the provider may have accepted the message.
 */
async function acceptingTwilio(mode: 'hang' | 'drop') {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests += 1;
      if (mode === 'drop') res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const adapter = createTwilioAdapter({
    settings: {
      accountSid: `AC${'d'.repeat(32)}`,
      authToken: 'hardening-token',
      messagingServiceSid: null,
      fromNumber: '+543424000000',
      whatsappFrom: null,
      publicBaseUrl: 'https://cauce.example.gob.ar',
      apiBaseUrl: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 300,
    },
  });
  return {
    adapter,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the status order', () => {
  it('moves rows only forward; ends stay, but a delivered message may still be read', () => {
    expect(statusMayMove('message', 'queued', 'sent')).toBe(true);
    expect(statusMayMove('message', 'delivered', 'sent')).toBe(false);
    expect(statusMayMove('message', 'delivered', 'read')).toBe(true);
    expect(statusMayMove('message', 'delivered', 'failed')).toBe(false);
    expect(statusMayMove('message', 'failed', 'read')).toBe(false);
    expect(statusMayMove('message', 'unknown', 'delivered')).toBe(true);
    expect(statusMayMove('message', 'unknown', 'error')).toBe(false);
    expect(statusMayMove('message', 'unknown', 'queued')).toBe(false);
    expect(statusMayMove('message', 'sent', 'unknown')).toBe(false);
    expect(statusMayMove('call', 'answered', 'ringing')).toBe(false);
    expect(statusMayMove('call', 'unknown', 'ringing')).toBe(true);
  });

  it('leaves a delivered message delivered when a late "sent" callback arrives', async () => {
    const { adapter } = counted();
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const input = sms();
    await sendMessage({ db, channels: adapter }, input);
    const row = await rowByKey(input.idempotencyKey);
    await db
      .update(schema.outboundMessage)
      .set({ providerId: sid, status: 'sent' })
      .where(eq(schema.outboundMessage.id, row?.id ?? ''));
    const apply = (status: string) =>
      applyMessageStatus(db, {
        providerId: sid,
        outbox: { id: row?.id ?? '', organizationId: input.organizationId },
        status,
        errorCode: null,
      });
    expect(await apply('delivered')).toMatchObject({ status: 'delivered' });
    expect(await apply('sent')).toBeNull();
    expect(await apply('sending')).toBeNull();
    expect((await rowByKey(input.idempotencyKey))?.status).toBe('delivered');
  });

  it("keeps the callback's delivered when the send's own receipt ('sent') is written after it", async () => {
    // The status callback beats the REST answer: the row is delivered before the sender settles it.
    const sim = createSimulatorAdapter(db);
    const adapter: ChannelAdapter = {
      ...sim,
      name: 'twilio',
      sendSms: async (m) => {
        await applyMessageStatus(db, {
          providerId: 'SM-early',
          outbox: { id: m.outboxId ?? '', organizationId: m.organizationId },
          status: 'delivered',
          errorCode: null,
        });
        return { providerId: 'SM-early', status: 'sent' };
      },
    };
    const input = sms();
    expect((await sendMessage({ db, channels: adapter }, input)).status).toBe('sent');
    expect(await rowByKey(input.idempotencyKey)).toMatchObject({
      status: 'delivered',
      providerId: 'SM-early',
    });
  });

  it('never moves a call back from its outcome, whichever update comes late', async () => {
    const { adapter } = counted();
    const input = call({ to: '+5493515550002' });
    await placeCall({ db, channels: adapter }, input);
    const row = await rowByKey(input.idempotencyKey);
    expect(row?.status).toBe('busy');
    const callSid = row?.providerId ?? '';
    expect(
      await advanceCallRow(db, { idempotencyKey: input.idempotencyKey, callSid, status: 'ringing' }),
    ).toBe(false);
    expect(
      await recordCallOutcome(db, {
        organizationId: t.org.id,
        idempotencyKey: input.idempotencyKey,
        outcome: 'answered',
      }),
    ).toBe(false);
    expect((await rowByKey(input.idempotencyKey))?.status).toBe('busy');
  });
});

describe('an ambiguous send', () => {
  it.each(['hang', 'drop'] as const)(
    'is unknown when the provider %ss after taking the request, and a retry does not send it again',
    async (mode) => {
      const twilio = await acceptingTwilio(mode);
      try {
        const input = sms();
        const first = await failure(() => sendMessage({ db, channels: twilio.adapter }, input));
        expect(first.code).toBe('SEND_OUTCOME_UNKNOWN');
        expect(twilio.requests()).toBe(1);
        expect((await rowByKey(input.idempotencyKey))?.status).toBe('unknown');
        // The activity is retried (or the step replayed): same key, no second request.
        const again = await failure(() => sendMessage({ db, channels: twilio.adapter }, input));
        expect(again.code).toBe('SEND_OUTCOME_UNKNOWN');
        expect(twilio.requests()).toBe(1);
        // Twilio's status callback still settles it (found by the key in its URL, as no sid was recorded).
        const unknownRow = await rowByKey(input.idempotencyKey);
        const moved = await applyMessageStatus(db, {
          providerId: 'SM-late',
          outbox: { id: unknownRow?.id ?? '', organizationId: input.organizationId },
          status: 'delivered',
          errorCode: null,
        });
        expect(moved).toMatchObject({ status: 'delivered' });
        expect(await rowByKey(input.idempotencyKey)).toMatchObject({
          status: 'delivered',
          providerId: 'SM-late',
        });
      } finally {
        await twilio.close();
      }
    },
  );

  it('is unknown for a call too, and a retry reports failed without ringing again', async () => {
    const twilio = await acceptingTwilio('hang');
    try {
      const input = call();
      expect((await failure(() => placeCall({ db, channels: twilio.adapter }, input))).code).toBe(
        'SEND_OUTCOME_UNKNOWN',
      );
      expect((await rowByKey(input.idempotencyKey))?.status).toBe('unknown');
      expect((await placeCall({ db, channels: twilio.adapter }, input)).outcome).toBe('failed');
      expect(twilio.requests()).toBe(1);
      // A progress callback of the call Twilio did place moves it on.
      expect(
        await advanceCallRow(db, {
          idempotencyKey: input.idempotencyKey,
          callSid: 'CA-late',
          status: 'ringing',
        }),
      ).toBe(true);
    } finally {
      await twilio.close();
    }
  });

  it('is unknown when an earlier attempt died between the claim and the settle, and is not sent', async () => {
    const { adapter, sent } = counted();
    const input = sms();
    // The earlier attempt claimed the row and then timed out (Temporal gave up on it) or crashed.
    await claimOutboxRow(db, {
      organizationId: t.org.id,
      executionId: t.executionId,
      stepId: 'sms',
      idempotencyKey: input.idempotencyKey,
      channel: 'sms',
      adapter: 'simulator',
      to: input.to,
      body: input.body,
      status: 'queued',
    });
    expect((await failure(() => sendMessage({ db, channels: adapter }, input))).code).toBe(
      'SEND_OUTCOME_UNKNOWN',
    );
    expect(sent).toEqual([]);
    expect((await rowByKey(input.idempotencyKey))?.status).toBe('unknown');
  });
});

describe('destinations and caller ids', () => {
  it('allows only the countries of CAUCE_DIAL_COUNTRIES (AR by default)', () => {
    expect(destinationRefusal('+543424000000')).toBeNull();
    expect(destinationRefusal('+5511987654321')).toMatch(/in BR, outside .*CAUCE_DIAL_COUNTRIES=AR/);
    expect(destinationRefusal('+5511987654321', ['AR', 'BR'])).toBeNull();
    // +1 with an invalid number names no country: refused.
    expect(destinationRefusal('+15551234567', ['US', 'CA'])).toMatch(/no known country/);
  });

  it('refuses an SMS or a call abroad before the provider is asked, and records why', async () => {
    const { adapter, sent } = counted();
    const message = sms({ to: '+5511987654321' });
    const refused = await failure(() => sendMessage({ db, channels: adapter }, message));
    expect(refused.code).toBe('DESTINATION_NOT_ALLOWED');
    expect(await rowByKey(message.idempotencyKey)).toMatchObject({
      status: 'refused',
      error: expect.stringMatching(/^DESTINATION_NOT_ALLOWED: \+5511987654321 is in BR/),
    });
    // A retry takes the same failure.
    expect((await failure(() => sendMessage({ db, channels: adapter }, message))).code).toBe(
      'DESTINATION_NOT_ALLOWED',
    );
    const abroad = call({ to: '+14165550000' });
    expect((await failure(() => placeCall({ db, channels: adapter }, abroad))).code).toBe(
      'DESTINATION_NOT_ALLOWED',
    );
    expect((await rowByKey(abroad.idempotencyKey))?.status).toBe('refused');
    expect(sent).toEqual([]);
    // The outbox says why, in the reader's language (the page maps the code to its catalog text).
    const listed = await listOutbox(db, { organizationId: t.org.id, limit: 200 });
    expect(listed.find((m) => m.to === '+5511987654321')).toMatchObject({
      status: 'refused',
      refusal: 'DESTINATION_NOT_ALLOWED',
    });
  });

  it("calls from the organismo's own numbers only", async () => {
    const own = phone();
    await db.insert(schema.phoneNumber).values({ organizationId: t.org.id, number: own, kind: 'voice_sms' });
    const other = await createTenant(db, 'OtherCaller');
    const theirs = phone();
    await db
      .insert(schema.phoneNumber)
      .values({ organizationId: other.org.id, number: theirs, kind: 'voice_sms' });
    const { adapter, sent } = counted();
    for (const from of [theirs, '+543424999111']) {
      const input = call({ from });
      const refused = await failure(() => placeCall({ db, channels: adapter }, input));
      expect(refused.code).toBe('SENDER_NOT_OWNED');
      expect(await rowByKey(input.idempotencyKey)).toMatchObject({
        status: 'refused',
        error: expect.stringContaining(`${from} is not one of this organismo's numbers`),
      });
      expect((await failure(() => placeCall({ db, channels: adapter }, input))).code).toBe(
        'SENDER_NOT_OWNED',
      );
    }
    expect(sent).toEqual([]);
    const allowed = call({ from: own });
    expect((await placeCall({ db, channels: adapter }, allowed)).outcome).toBe('answered');
    expect(sent).toEqual([allowed.to]);
  });

  it("refuses to publish a literal caller id that is not one of the organismo's numbers", async () => {
    const own = phone();
    await db.insert(schema.phoneNumber).values({ organizationId: t.org.id, number: own, kind: 'voice_sms' });
    const graph = (callerId: string): FlowGraph => ({
      nodes: [
        { id: 'start', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'dial',
          kind: 'dial_number',
          position: { x: 0, y: 100 },
          config: { number: '+543424000000', callerId },
        },
        { id: 'end', kind: 'end', position: { x: 0, y: 200 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'dial' },
        { id: 'e2', source: 'dial', sourcePort: 'answered', target: 'end' },
      ],
      notes: [],
    });
    const compileWith = (callerId: string) =>
      compileDraft(db, { organizationId: t.org.id, flowId: t.flow.id, graph: graph(callerId) });
    const foreign = await compileWith('+543424999222');
    expect(foreign.ok).toBe(false);
    expect(foreign.problems).toContainEqual(
      expect.objectContaining({ nodeId: 'dial', field: 'callerId', code: 'CALLER_ID_NOT_OWNED' }),
    );
    const mine = await compileWith(own);
    expect(mine.problems.filter((p) => p.code === 'CALLER_ID_NOT_OWNED')).toEqual([]);
  });
});
