import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Worker } from '@temporalio/worker';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { ExecutionInput } from '@/lib/contracts/execution';
import {
  closeTestDb,
  createTenant,
  type Tenant,
  testDb,
  testWorkflowBundle,
} from '@/scripts/test-setup/fixtures';
import {
  type TwilioRoute,
  type TwilioRoutes,
  twilioRequests,
  twilioRoutesFor,
} from '@/scripts/test-setup/twilio-webhook';
import { createTwilioAdapter } from '@/server/channels/twilio-adapter';
import { createActivities } from '@/workflows/activities';
import { dataConverter } from '@/workflows/client';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';
import { type RunFlow, stateQuery } from '@/workflows/messages';
import { compileOrThrow, startEngineWorker } from '@/workflows/testing/engine-harness';
import { checkVoiceTwiml, verbsOf } from './twiml-check';

const db = testDb();
const BASE = 'https://cauce.test.gob.ar';
const TOKEN = randomBytes(16).toString('hex');
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const OUR_NUMBER = '+5493424000000';

type CreatedCall = { sid: string; form: URLSearchParams };

/** Stands in for api.twilio.com's Calls resource: records each create and answers a queued call. */
function twilioCallsStub() {
  const created: CreatedCall[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const sid = `CA${randomBytes(16).toString('hex')}`;
      const form = new URLSearchParams(body);
      created.push({ sid, form });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          sid,
          account_sid: ACCOUNT,
          status: 'queued',
          to: form.get('To'),
          from: form.get('From'),
        }),
      );
    });
  });
  return { server, created };
}

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}

/** A campaign call: confirm by pressing 1, a message for machines, and an end per other outcome. */
function campaignCall(call: Record<string, unknown>): FlowGraph {
  const link = (source: string, sourcePort: string, target: string) => ({
    id: `${source}-${sourcePort}`,
    source,
    sourcePort,
    target,
  });
  return {
    nodes: [
      node('start', 'trigger_campaign_contact'),
      node('llamar', 'place_outbound_call', call),
      node('confirma', 'gather', {
        prompt: 'Hola {{contact.first_name}}. Para confirmar tu turno marcá 1.',
        options: [{ key: '1', label: 'Confirmar' }],
        retries: 0,
      }),
      node('ok', 'hang_up', { goodbye: 'Turno confirmado.' }),
      node('contestador', 'hang_up', { goodbye: 'Le dejamos este mensaje: su turno es mañana.' }),
      node('pausa', 'wait', { amount: 3, unit: 'seconds' }),
      node('no_atendio', 'end', { outcome: 'no_atendio' }),
      node('ocupado', 'end', { outcome: 'ocupado' }),
      node('fallo', 'end', { outcome: 'fallo' }),
      node('sin_confirmar', 'end', { outcome: 'sin_confirmar' }),
    ],
    edges: [
      link('start', 'next', 'llamar'),
      link('llamar', 'answered', 'confirma'),
      link('llamar', 'machine', 'contestador'),
      link('llamar', 'no_answer', 'pausa'),
      link('pausa', 'next', 'no_atendio'),
      link('llamar', 'busy', 'ocupado'),
      link('llamar', 'failed', 'fallo'),
      link('confirma', 'opt_1', 'ok'),
      link('confirma', 'no_input', 'sin_confirmar'),
      link('confirma', 'invalid', 'sin_confirmar'),
    ],
    notes: [],
  };
}

describe('outbound calls: the outcome comes from Twilio’s webhooks, on the real engine', () => {
  let t: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let stub: ReturnType<typeof twilioCallsStub>;
  let routes: TwilioRoutes;
  let n = 0;
  let restoreEnv = () => {};

  const request = twilioRequests(TOKEN);
  const post = async (
    route: TwilioRoute,
    url: string,
    params: Record<string, string>,
    signature?: string | null,
  ) => {
    const res = await route(request(url, params, signature));
    const xml = await res.text();
    return { status: res.status, xml, verbs: res.status === 200 && xml ? verbsOf(xml) : [] };
  };

  /** Starts a campaign execution that calls `phone`, and returns the call Twilio was asked for. */
  const placeCallTo = async (call: Record<string, unknown> = {}, margin = 60) => {
    const phone = `+549342${String(5_000_000 + ++n * 7919).slice(0, 7)}`;
    const executionId = `camp-test-${randomBytes(6).toString('hex')}`;
    const program = compileOrThrow(campaignCall({ to: '{{contact.phone}}', ...call }));
    const input: ExecutionInput = {
      executionId,
      organizationId: t.org.id,
      channel: 'campaign',
      timeZone: 'America/Argentina/Cordoba',
      variables: { contact: { phone, first_name: 'Julia' } },
      callOutcomeMarginSeconds: margin,
    };
    const handle = await engine.client.workflow.start<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: executionId,
      args: [program, input],
    });
    const created = await until(() => stub.created.find((c) => c.form.get('To') === phone));
    const params = {
      CallSid: created.sid,
      AccountSid: ACCOUNT,
      From: OUR_NUMBER,
      To: phone,
      Direction: 'outbound-api',
    };
    return {
      handle,
      executionId,
      created,
      params,
      answerUrl: created.form.get('Url') ?? '',
      statusUrl: created.form.get('StatusCallback') ?? '',
    };
  };

  const outboxRow = async (executionId: string) =>
    db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.executionId, executionId) });

  beforeAll(async () => {
    stub = twilioCallsStub();
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    const address = stub.server.address();
    const apiBaseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    const adapter = createTwilioAdapter({
      settings: {
        accountSid: ACCOUNT,
        authToken: TOKEN,
        messagingServiceSid: null,
        fromNumber: OUR_NUMBER,
        whatsappFrom: null,
        publicBaseUrl: BASE,
        apiBaseUrl,
      },
    });
    engine = await startEngineWorker(createActivities({ db, channels: adapter }));
    ({ routes, restore: restoreEnv } = await twilioRoutesFor({
      publicBaseUrl: BASE,
      authToken: TOKEN,
      taskQueue: engine.taskQueue,
    }));
    t = await createTenant(db, 'Salientes');
  });
  afterAll(async () => {
    restoreEnv();
    await engine.stop();
    await new Promise<void>((resolve) => stub.server.close(() => resolve()));
    await closeTestDb();
  });

  it("takes 'answered' only when the signed answer webhook arrives, then talks to the citizen", async () => {
    const call = await placeCallTo();
    // Twilio took the call (queued): the execution waits on the call step, no port taken yet.
    await new Promise((r) => setTimeout(r, 500));
    let state = await call.handle.query(stateQuery);
    expect(state).toMatchObject({ status: 'running', activeStepId: 'llamar' });
    expect(state.path.map((p) => p.stepId)).not.toContain('llamar');
    expect(await outboxRow(call.executionId)).toMatchObject({
      status: 'queued',
      providerId: call.created.sid,
    });

    for (const CallStatus of ['initiated', 'ringing']) {
      expect((await post(routes.status, call.statusUrl, { ...call.params, CallStatus })).status).toBe(200);
    }
    expect((await outboxRow(call.executionId))?.status).toBe('ringing');

    // Forged: no signature, a wrong one, or a token Cauce did not sign (validly signed by Twilio).
    const answer = { ...call.params, CallStatus: 'in-progress', AnsweredBy: 'human' };
    expect((await post(routes.voice, call.answerUrl, answer, null)).status).toBe(403);
    expect((await post(routes.voice, call.answerUrl, answer, 'Zm9yZ2Vk')).status).toBe(403);
    const tampered = call.answerUrl.replace(/outbound=[^&]+/, (m) => `${m.slice(0, -3)}AAA`);
    expect((await post(routes.voice, tampered, answer)).status).toBe(403);
    state = await call.handle.query(stateQuery);
    expect(state.activeStepId).toBe('llamar');

    const first = await post(routes.voice, call.answerUrl, answer);
    expect(first.status).toBe(200);
    expect(checkVoiceTwiml(first.xml)).toEqual([]);
    expect(first.verbs.map((v) => v.name)).toEqual(['Gather']);
    expect(first.verbs[0]?.children[0]?.children).toEqual([
      { text: 'Hola Julia. Para confirmar tu turno marcá 1.' },
    ]);
    // The next turn goes to this execution too, not to a workflow named after the CallSid.
    const action = first.verbs[0]?.attributes.action ?? '';
    const token = new URL(call.answerUrl).searchParams.get('outbound') ?? '';
    expect(action).toBe(`${BASE}/api/twilio/gather?seq=1&outbound=${encodeURIComponent(token)}`);
    // Twilio retries the answer webhook: same TwiML, applied once.
    expect((await post(routes.voice, call.answerUrl, answer)).xml).toBe(first.xml);

    const bye = await post(routes.gather, action, { ...call.params, Digits: '1' });
    expect(bye.verbs.map((v) => [v.name, v.text])).toEqual([
      ['Say', 'Turno confirmado.'],
      ['Hangup', ''],
    ]);
    await post(routes.status, call.statusUrl, { ...call.params, CallStatus: 'completed' });
    const result = await call.handle.result();
    expect(result).toMatchObject({
      status: 'completed',
      variables: { call: { outcome: 'answered', id: call.created.sid } },
    });
    const trace = await db
      .select()
      .from(schema.executionTrace)
      .where(eq(schema.executionTrace.executionId, call.executionId))
      .orderBy(asc(schema.executionTrace.seq));
    expect(trace.filter((r) => r.stepId === 'llamar').map((r) => r.port)).toEqual(['answered']);
    expect(await outboxRow(call.executionId)).toMatchObject({
      status: 'answered',
      providerId: call.created.sid,
    });
    // The history (the answer update, the signals, the patch marker) replays on the same code.
    await Worker.runReplayHistory(
      { workflowBundle: await testWorkflowBundle(), dataConverter: dataConverter() },
      await call.handle.fetchHistory(),
    );
  });

  it("takes 'machine' when Twilio's detection answers machine_end_beep, and leaves the message", async () => {
    const call = await placeCallTo();
    const first = await post(routes.voice, call.answerUrl, {
      ...call.params,
      CallStatus: 'in-progress',
      AnsweredBy: 'machine_end_beep',
    });
    expect(checkVoiceTwiml(first.xml)).toEqual([]);
    expect(first.verbs.map((v) => [v.name, v.text])).toEqual([
      ['Say', 'Le dejamos este mensaje: su turno es mañana.'],
      ['Hangup', ''],
    ]);
    expect(await call.handle.result()).toMatchObject({
      status: 'completed',
      variables: { call: { outcome: 'machine' } },
    });
    expect((await outboxRow(call.executionId))?.status).toBe('machine');
  });

  it("takes 'no_answer' from a status callback; duplicates and a late answer are applied once, or not at all", async () => {
    const call = await placeCallTo();
    const noAnswer = { ...call.params, CallStatus: 'no-answer' };
    const [a, b] = await Promise.all([
      post(routes.status, call.statusUrl, noAnswer),
      post(routes.status, call.statusUrl, noAnswer),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Waits on the 'pausa' step now; a late busy and a late answer change nothing.
    await until(async () =>
      (await call.handle.query(stateQuery)).activeStepId === 'pausa' ? true : undefined,
    );
    expect((await post(routes.status, call.statusUrl, { ...call.params, CallStatus: 'busy' })).status).toBe(
      200,
    );
    const late = await post(routes.voice, call.answerUrl, { ...call.params, CallStatus: 'in-progress' });
    expect(late.verbs.map((v) => v.name)).toEqual(['Hangup']);
    const result = await call.handle.result();
    expect(result).toMatchObject({
      status: 'completed',
      outcome: 'no_atendio',
      variables: { call: { outcome: 'no_answer' } },
    });
    const trace = await db
      .select()
      .from(schema.executionTrace)
      .where(eq(schema.executionTrace.executionId, call.executionId))
      .orderBy(asc(schema.executionTrace.seq));
    expect(trace.map((r) => [r.stepId, r.port])).toEqual([
      ['start', 'next'],
      ['llamar', 'no_answer'],
      ['pausa', 'next'],
      ['no_atendio', 'no_atendio'],
    ]);
    expect((await outboxRow(call.executionId))?.status).toBe('no_answer');
    await Worker.runReplayHistory(
      { workflowBundle: await testWorkflowBundle(), dataConverter: dataConverter() },
      await call.handle.fetchHistory(),
    );
  });

  it("takes 'busy' and 'failed' from status callbacks", async () => {
    const busy = await placeCallTo();
    await post(routes.status, busy.statusUrl, { ...busy.params, CallStatus: 'busy' });
    expect(await busy.handle.result()).toMatchObject({ outcome: 'ocupado' });
    const failed = await placeCallTo();
    await post(routes.status, failed.statusUrl, { ...failed.params, CallStatus: 'failed' });
    expect(await failed.handle.result()).toMatchObject({
      outcome: 'fallo',
      variables: { vars: { last_error: 'call failed' } },
    });
    expect((await outboxRow(failed.executionId))?.status).toBe('failed');
  });

  it("takes 'no_answer' when nothing is heard before ringing + margin, and hangs up a late answer", async () => {
    const call = await placeCallTo({ machineDetection: false, timeoutSeconds: 5 }, 0);
    expect(call.created.form.get('MachineDetection')).toBeNull();
    await until(
      async () => ((await call.handle.query(stateQuery)).activeStepId === 'pausa' ? true : undefined),
      15_000,
    );
    const late = await post(routes.voice, call.answerUrl, { ...call.params, CallStatus: 'in-progress' });
    expect(late.verbs.map((v) => v.name)).toEqual(['Hangup']);
    expect(await call.handle.result()).toMatchObject({
      outcome: 'no_atendio',
      variables: { call: { outcome: 'no_answer' }, vars: { last_error: 'no call outcome in time' } },
    });
    expect((await outboxRow(call.executionId))?.status).toBe('no_answer');
  });
});

async function until<T>(read: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
