import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceCallInput } from '../lib/contracts/engine-activities';
import type { ExecutionInput } from '../lib/contracts/execution';
import type { FlowGraph, GraphNode } from './dsl/graph';
import { callStatusSignal, type RunFlow, stateQuery, voiceTurnUpdate } from './messages';
import { compileOrThrow, startEngineWorker } from './testing/engine-harness';
import { testActivities } from './testing/test-activities';

/** Calls the test holds: placeCall answers 'pending' (as Twilio does) when the test releases it. */
const held = new Map<string, () => void>();
const outcomes: { idempotencyKey: string; outcome: string }[] = [];
const rec = testActivities({
  placeCall: async (args: PlaceCallInput) => {
    const callId = `CA-${args.executionId}`;
    await new Promise<void>((resolve) => held.set(args.executionId, resolve));
    return { callId, outcome: 'pending' };
  },
  recordCallOutcome: async (args) => void outcomes.push(args),
});
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let n = 0;

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}

const graph: FlowGraph = {
  nodes: [
    node('start', 'trigger_campaign_contact'),
    node('llamar', 'place_outbound_call'),
    node('confirma', 'gather', {
      prompt: 'Para confirmar marcá 1.',
      options: [{ key: '1', label: 'Confirmar' }],
      retries: 0,
    }),
    node('ok', 'hang_up', { goodbye: 'Confirmado.' }),
    node('pausa', 'wait', { amount: 2, unit: 'seconds' }),
    ...['machine', 'busy', 'failed', 'sin'].map((o) => node(o, 'end', { outcome: o })),
    node('no_answer', 'end', { outcome: 'no_answer' }),
  ],
  edges: [
    ['start', 'next', 'llamar'],
    ['llamar', 'answered', 'confirma'],
    ['llamar', 'machine', 'machine'],
    ['llamar', 'no_answer', 'pausa'],
    ['pausa', 'next', 'no_answer'],
    ['llamar', 'busy', 'busy'],
    ['llamar', 'failed', 'failed'],
    ['confirma', 'opt_1', 'ok'],
    ['confirma', 'no_input', 'sin'],
    ['confirma', 'invalid', 'sin'],
  ].map(([source = '', sourcePort = '', target = '']) => ({
    id: `${source}-${sourcePort}`,
    source,
    sourcePort,
    target,
  })),
  notes: [],
};

async function startCall() {
  const executionId = `out-${Date.now()}-${++n}`;
  const input: ExecutionInput = {
    executionId,
    organizationId: 'org-test',
    channel: 'campaign',
    timeZone: 'America/Argentina/Cordoba',
    variables: { contact: { phone: '+5493424000077' } },
  };
  const handle = await engine.client.workflow.start<RunFlow>('runFlow', {
    taskQueue: engine.taskQueue,
    workflowId: executionId,
    args: [compileOrThrow(graph), input],
  });
  await until(() => held.has(executionId));
  const release = () => held.get(executionId)?.();
  const callSid = `CA-${executionId}`;
  const answer = (answeredBy?: string, id = `${callSid}:0`) =>
    handle.executeUpdate(voiceTurnUpdate, {
      args: [{ outboundCall: { callSid, ...(answeredBy ? { answeredBy } : {}) } }],
      updateId: id,
    });
  const status = (callStatus: 'busy' | 'no-answer' | 'completed' | 'failed') =>
    handle.signal(callStatusSignal, { callStatus, outboundCall: { callSid } });
  return { handle, executionId, callSid, release, answer, status };
}

describe('runFlow: outbound call reports (answer update, status signals)', () => {
  beforeAll(async () => {
    engine = await startEngineWorker(rec.activities);
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('an answer that arrives before the step waits still connects the call, as its first turn', async () => {
    const call = await startCall();
    const early = call.answer('human');
    await new Promise((r) => setTimeout(r, 300));
    call.release();
    const first = await early;
    expect(first.instructions.map((i) => i.type)).toEqual(['gather']);
    const bye = await call.handle.executeUpdate(voiceTurnUpdate, { args: [{ digits: '1' }], updateId: 'd1' });
    expect(bye).toMatchObject({ ended: true });
    expect(await call.handle.result()).toMatchObject({
      outcome: 'done',
      variables: { call: { outcome: 'answered' } },
    });
    expect(outcomes).toContainEqual({
      organizationId: 'org-test',
      idempotencyKey: `${call.executionId}:llamar:0`,
      outcome: 'answered',
    });
  });

  it('the first final status wins; later ones and a late answer are ignored', async () => {
    const call = await startCall();
    call.release();
    await call.status('busy');
    await call.status('no-answer');
    await call.status('busy');
    const result = await call.handle.result();
    expect(result).toMatchObject({ outcome: 'busy', variables: { call: { outcome: 'busy' } } });

    const other = await startCall();
    other.release();
    await other.status('no-answer');
    await until(async () => (await other.handle.query(stateQuery)).activeStepId === 'pausa');
    // While the flow waits on the next step, the late answer is hung up and changes nothing.
    expect(await other.answer()).toMatchObject({ instructions: [{ type: 'hangup' }], ended: true });
    await other.status('completed');
    expect(await other.handle.result()).toMatchObject({
      outcome: 'no_answer',
      variables: { call: { outcome: 'no_answer' } },
    });
    expect((await other.handle.query(stateQuery)).path.map((p) => p.stepId)).toEqual([
      'start',
      'llamar',
      'pausa',
      'no_answer',
    ]);
  });

  it('a call that hung up before its first prompt ends the execution as hung_up', async () => {
    const call = await startCall();
    await call.status('completed');
    const answered = call.answer('human');
    call.release();
    expect(await answered).toMatchObject({ ended: true });
    expect(await call.handle.result()).toMatchObject({
      outcome: 'hung_up',
      variables: { call: { outcome: 'answered' } },
    });
  });
});

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
