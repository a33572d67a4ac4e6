import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/common';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { overrideEnv } from '@/scripts/test-setup/env';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { signedTwilioRequest, type TwilioRoute } from '@/scripts/test-setup/twilio-webhook';
import { messageStatusKey, signCallbackToken } from '@/server/channels/callback-token';
import { encryptSecret } from '@/server/secrets';
import { callWorkflowId } from '@/server/services/calls/call-turns';
import { createActivities } from '@/workflows/activities';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { ivrGraph } from '@/workflows/testing/graphs';
import { invalidateTelephonyCache } from './org-telephony';
import { authTokenContext } from './twilio-for-org';

/**
 * Issue 14.1: organismo A, with its own subaccount, signs webhooks with its own (valid) key and
 * aims them at organismo B: B's numbers, B's live call, B's outbound call, B's messages, B's
 * recordings, and a binding B holds on A's number. Every webhook route answers 403, and nothing
 * either organismo owns (rows, consents, the live call's workflow history) changes.
 */
const db = testDb();
const BASE = 'https://cauce.cross.gob.ar';
const PLATFORM = { sid: `AC${randomBytes(16).toString('hex')}`, token: randomBytes(16).toString('hex') };
const hex = () => randomBytes(16).toString('hex');
const number = () => `+54342${randomInt(1_000_000, 9_999_999)}`;
const CITIZEN = `+549342${randomInt(1_000_000, 9_999_999)}`;

type Org = { tenant: Tenant; sid: string; token: string; number: string };
let A: Org;
let B: Org;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let restore = () => {};
type Routes = Record<'voice' | 'gather' | 'status' | 'recording' | 'sms' | 'messageStatus', TwilioRoute>;
let routes: Routes;
/** B's live inbound call, waiting at its menu. */
let liveCallSid = '';
/** B's outbound call row (placed by its execution) and its signed token. */
let outboundToken = '';
let outboundCallSid = '';
/** B's sent SMS. */
let smsRow: { id: string; idempotencyKey: string; providerId: string };
const sentSids: string[] = [];

async function ownSubaccount(tenant: Tenant): Promise<Org> {
  const org: Org = { tenant, sid: `AC${hex()}`, token: hex(), number: number() };
  await db.insert(schema.telephonyAccount).values({
    organizationId: tenant.org.id,
    subaccountSid: org.sid,
    authTokenEncrypted: encryptSecret(org.token, authTokenContext(tenant.org.id)),
    authTokenLast4: org.token.slice(-4),
  });
  await db
    .insert(schema.phoneNumber)
    .values([
      { organizationId: tenant.org.id, number: org.number, kind: 'voice_sms', account: 'subaccount' },
    ]);
  invalidateTelephonyCache();
  return org;
}

function post(
  route: TwilioRoute,
  path: string,
  params: Record<string, string>,
  signer: Org,
): Promise<Response> {
  const sid = params.MessageSid;
  if (sid) sentSids.push(sid);
  return route(signedTwilioRequest({ publicUrl: `${BASE}${path}`, params, authToken: signer.token }));
}

const callParams = (org: Org, extra: Record<string, string> = {}) => ({
  CallSid: `CA${hex()}`,
  AccountSid: org.sid,
  From: CITIZEN,
  To: org.number,
  CallStatus: 'in-progress',
  Direction: 'inbound',
  ...extra,
});
const messageParams = (org: Org, extra: Record<string, string> = {}) => ({
  MessageSid: `SM${hex()}`,
  AccountSid: org.sid,
  From: CITIZEN,
  To: org.number,
  Body: 'Hola',
  NumMedia: '0',
  ...extra,
});

/** Everything of both organismos a webhook could write, and B's live call's history. */
async function snapshot() {
  const orgs = [A.tenant.org.id, B.tenant.org.id];
  const history = await engine.client.workflow.getHandle(callWorkflowId(liveCallSid)).describe();
  return {
    executions: await db
      .select()
      .from(schema.execution)
      .where(inArray(schema.execution.organizationId, orgs))
      .orderBy(asc(schema.execution.id)),
    outbox: await db
      .select()
      .from(schema.outboundMessage)
      .where(inArray(schema.outboundMessage.organizationId, orgs))
      .orderBy(asc(schema.outboundMessage.id)),
    recordings: await db
      .select()
      .from(schema.callRecording)
      .where(inArray(schema.callRecording.organizationId, orgs)),
    consents: await db
      .select()
      .from(schema.citizenConsent)
      .where(inArray(schema.citizenConsent.organizationId, orgs)),
    waits: await db.select().from(schema.replyWait).where(inArray(schema.replyWait.organizationId, orgs)),
    bindings: await db
      .select()
      .from(schema.flowBinding)
      .where(inArray(schema.flowBinding.organizationId, orgs)),
    inboundLog: sentSids.length
      ? await db
          .select()
          .from(schema.inboundMessage)
          .where(inArray(schema.inboundMessage.messageSid, sentSids))
      : [],
    liveCallHistory: history.historyLength,
    liveCallStatus: history.status.name,
  };
}

async function workflowExists(workflowId: string): Promise<boolean> {
  try {
    await engine.client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

beforeAll(async () => {
  engine = await startEngineWorker(createActivities({ db }));
  restore = overrideEnv({
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: engine.taskQueue,
    TWILIO_ACCOUNT_SID: PLATFORM.sid,
    TWILIO_AUTH_TOKEN: PLATFORM.token,
    PUBLIC_BASE_URL: BASE,
  });
  routes = {
    voice: (await import('@/app/api/twilio/voice/route')).POST,
    gather: (await import('@/app/api/twilio/gather/route')).POST,
    status: (await import('@/app/api/twilio/status/route')).POST,
    recording: (await import('@/app/api/twilio/recording/route')).POST,
    sms: (await import('@/app/api/twilio/sms/route')).POST,
    messageStatus: (await import('@/app/api/twilio/message-status/route')).POST,
  };

  A = await ownSubaccount(await createTenant(db, 'Organismo A'));
  B = await ownSubaccount(await createTenant(db, 'Organismo B'));
  const designer = callerFor(db, B.tenant, 'designer');
  const flow = await designer.flows.create({ name: 'IVR de B', kind: 'inbound_voice', graph: ivrGraph() });
  await designer.flows.publish({ flowId: flow.id, note: 'v1' });
  await callerFor(db, B.tenant, 'admin').flows.bind({
    flowId: flow.id,
    type: 'voice_number',
    address: B.number,
  });
  // Bindings B made on A's number before A registered it (assertNumberFree refuses them today).
  await db.insert(schema.flowBinding).values([
    { organizationId: B.tenant.org.id, flowId: flow.id, type: 'voice_number', address: A.number },
    { organizationId: B.tenant.org.id, flowId: flow.id, type: 'message_number', address: A.number },
  ]);

  // B's live call, answered by its flow and waiting for the caller's choice.
  const live = callParams(B);
  liveCallSid = live.CallSid;
  const answered = await post(routes.voice, '/api/twilio/voice', live, B);
  expect(answered.status).toBe(200);
  expect(await answered.text()).toContain('<Gather');
  // Its execution row is written beside the first prompt: wait for it, a recording names it.
  for (let i = 0; i < 100; i++) {
    const row = await db.query.execution.findFirst({
      where: eq(schema.execution.id, callWorkflowId(liveCallSid)),
    });
    if (row) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // …and for the call to settle (the activities beside the first prompt), so its history holds still.
  const liveCall = engine.client.workflow.getHandle(callWorkflowId(liveCallSid));
  let length = -1;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const { historyLength } = await liveCall.describe();
    if (historyLength === length) break;
    length = historyLength;
  }

  // B's outbound call (its execution placed it) and B's sent SMS.
  outboundCallSid = `CA${hex()}`;
  const callKey = `${B.tenant.executionId}:call:${randomUUID()}`;
  smsRow = {
    id: '',
    idempotencyKey: `${B.tenant.executionId}:sms:${randomUUID()}`,
    providerId: `SM${hex()}`,
  };
  const [, sms] = await db
    .insert(schema.outboundMessage)
    .values([
      {
        organizationId: B.tenant.org.id,
        executionId: B.tenant.executionId,
        idempotencyKey: callKey,
        channel: 'voice',
        adapter: 'twilio',
        to: CITIZEN,
        body: '',
        status: 'queued',
        providerId: outboundCallSid,
      },
      {
        organizationId: B.tenant.org.id,
        executionId: B.tenant.executionId,
        idempotencyKey: smsRow.idempotencyKey,
        channel: 'sms',
        adapter: 'twilio',
        to: CITIZEN,
        body: 'Tu turno',
        status: 'sent',
        providerId: smsRow.providerId,
      },
    ])
    .returning({ id: schema.outboundMessage.id });
  smsRow.id = sms?.id ?? '';
  outboundToken = signCallbackToken('outbound-call', [callKey]);
});
afterAll(async () => {
  restore();
  await engine.stop();
  await closeTestDb();
});

describe("webhooks signed with organismo A's key for organismo B's numbers and rows: 403, nothing changed", () => {
  const refusedAll = async (cases: [string, () => Promise<Response>][]) => {
    const before = await snapshot();
    for (const [name, send] of cases) {
      const res = await send();
      expect({ name, status: res.status }).toEqual({ name, status: 403 });
    }
    expect(await snapshot()).toEqual(before);
  };

  it('voice: a call to B’s number, to A’s number B bound, and B’s outbound call’s answer', async () => {
    const toB = callParams(B, { CallStatus: 'ringing' });
    const toA = callParams(A, { CallStatus: 'ringing' });
    await refusedAll([
      ['B’s number', () => post(routes.voice, '/api/twilio/voice', toB, A)],
      ['B’s binding on A’s number', () => post(routes.voice, '/api/twilio/voice', toA, A)],
      [
        'B’s outbound call, from A’s number',
        () =>
          post(
            routes.voice,
            `/api/twilio/voice?outbound=${encodeURIComponent(outboundToken)}`,
            callParams(A, { CallSid: outboundCallSid, From: A.number, To: CITIZEN, AnsweredBy: 'human' }),
            A,
          ),
      ],
    ]);
    expect(await workflowExists(callWorkflowId(toB.CallSid))).toBe(false);
    expect(await workflowExists(callWorkflowId(toA.CallSid))).toBe(false);
  });

  it('gather: an answer for B’s live call (through A’s number or B’s) and for B’s outbound call', async () => {
    await refusedAll([
      [
        'B’s call, via A’s number',
        () =>
          post(
            routes.gather,
            '/api/twilio/gather?seq=1',
            callParams(A, { CallSid: liveCallSid, Digits: '1' }),
            A,
          ),
      ],
      [
        'B’s call, via B’s number',
        () =>
          post(
            routes.gather,
            '/api/twilio/gather?seq=1',
            callParams(B, { CallSid: liveCallSid, Digits: '1' }),
            A,
          ),
      ],
      [
        'B’s outbound call',
        () =>
          post(
            routes.gather,
            `/api/twilio/gather?seq=1&outbound=${encodeURIComponent(outboundToken)}`,
            callParams(A, { CallSid: outboundCallSid, From: A.number, To: CITIZEN, Digits: '1' }),
            A,
          ),
      ],
    ]);
  });

  it('status: B’s live call completed (through A’s number or B’s), B’s outbound call ringing', async () => {
    await refusedAll([
      [
        'B’s call, via A’s number',
        () =>
          post(
            routes.status,
            '/api/twilio/status',
            callParams(A, { CallSid: liveCallSid, CallStatus: 'completed' }),
            A,
          ),
      ],
      [
        'B’s call, via B’s number',
        () =>
          post(
            routes.status,
            '/api/twilio/status',
            callParams(B, { CallSid: liveCallSid, CallStatus: 'completed' }),
            A,
          ),
      ],
      [
        'B’s outbound call',
        () =>
          post(
            routes.status,
            `/api/twilio/status?outbound=${encodeURIComponent(outboundToken)}`,
            callParams(A, { CallSid: outboundCallSid, From: A.number, To: CITIZEN, CallStatus: 'ringing' }),
            A,
          ),
      ],
    ]);
  });

  it('recording: a completed recording for B’s live call’s execution', async () => {
    const recording = (ownNumber: string) => ({
      AccountSid: A.sid,
      CallSid: liveCallSid,
      RecordingSid: `RE${hex()}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${A.sid}/Recordings/RE${hex()}`,
      RecordingStatus: 'completed',
      RecordingDuration: '7',
      ref: signCallbackToken('recording', [callWorkflowId(liveCallSid), 'record', ownNumber]),
    });
    const send = (ownNumber: string) => {
      const { ref, ...params } = recording(ownNumber);
      return post(routes.recording, `/api/twilio/recording?ref=${encodeURIComponent(ref)}`, params, A);
    };
    await refusedAll([
      ['naming A’s number', () => send(A.number)],
      ['naming B’s number', () => send(B.number)],
    ]);
  });

  it('sms: a message to B’s number, and BAJA or a message to A’s number that B bound', async () => {
    await refusedAll([
      ['B’s number', () => post(routes.sms, '/api/twilio/sms', messageParams(B), A)],
      ['B’s binding on A’s number', () => post(routes.sms, '/api/twilio/sms', messageParams(A), A)],
      [
        'BAJA to A’s number',
        () => post(routes.sms, '/api/twilio/sms', messageParams(A, { Body: 'BAJA' }), A),
      ],
    ]);
  });

  it('message-status: B’s sent SMS by its MAC’d key, by its idempotency key, by its MessageSid', async () => {
    const status = (query: string, from: Org) =>
      post(
        routes.messageStatus,
        `/api/twilio/message-status${query}`,
        {
          MessageSid: smsRow.providerId,
          MessageStatus: 'failed',
          ErrorCode: '21610',
          AccountSid: A.sid,
          From: from.number,
          To: CITIZEN,
        },
        A,
      );
    const realKey = messageStatusKey({ id: smsRow.id, organizationId: B.tenant.org.id });
    await refusedAll([
      ['B’s key, from A’s number', () => status(`?key=${encodeURIComponent(realKey)}`, A)],
      ['B’s idempotency key', () => status(`?key=${encodeURIComponent(smsRow.idempotencyKey)}`, A)],
      ['B’s MessageSid, no key', () => status('', A)],
      ['from B’s number', () => status(`?key=${encodeURIComponent(realKey)}`, B)],
    ]);
    const row = await db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, smsRow.id) });
    expect(row?.status).toBe('sent');
  });

  it('the same requests signed by B itself are accepted (the refusals above are about who signed)', async () => {
    const own = await post(
      routes.messageStatus,
      `/api/twilio/message-status?key=${encodeURIComponent(messageStatusKey({ id: smsRow.id, organizationId: B.tenant.org.id }))}`,
      {
        MessageSid: smsRow.providerId,
        MessageStatus: 'delivered',
        AccountSid: B.sid,
        From: B.number,
        To: CITIZEN,
      },
      B,
    );
    expect(own.status).toBe(204);
    const gather = await post(
      routes.gather,
      '/api/twilio/gather?seq=1',
      callParams(B, { CallSid: liveCallSid, Digits: '9' }),
      B,
    );
    expect(gather.status).toBe(200);
    expect(await gather.text()).toContain('<Gather');
  });
});
