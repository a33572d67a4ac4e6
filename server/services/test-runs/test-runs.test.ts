import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { VoiceTurnResult } from '@/lib/contracts/execution';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { ivrGraph } from '@/workflows/testing/graphs';

const db = testDb();
let a: Tenant;
let b: Tenant;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;

function designerOf(t: Tenant) {
  return createCaller(
    createContext({
      db,
      session: { id: randomUUID(), userId: t.members.designer.userId, activeOrganizationId: t.org.id },
      temporal: async () => engine.client,
      taskQueue: engine.taskQueue,
    }),
  );
}

async function flowWith(t: Tenant, graph: FlowGraph) {
  const [row] = await db
    .insert(schema.flow)
    .values({ organizationId: t.org.id, name: `Prueba ${randomUUID().slice(0, 6)}`, draft: graph })
    .returning({ id: schema.flow.id });
  if (!row) throw new Error('flow insert returned nothing');
  return row.id;
}

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}

const texts = (r: VoiceTurnResult | null) =>
  (r?.instructions ?? []).flatMap((i) =>
    i.type === 'say'
      ? [i.text]
      : i.type === 'gather'
        ? i.prompt.flatMap((p) => (p.type === 'say' ? [p.text] : []))
        : [],
  );

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('test runs: the editor phone on the real engine', () => {
  beforeAll(async () => {
    a = await createTenant(db, 'Probar');
    b = await createTenant(db, 'Ajeno');
    engine = await startEngineWorker(createActivities({ db }));
  });
  afterAll(async () => {
    await engine.stop();
    await closeTestDb();
  });

  it('runs an unpublished voice draft turn by turn: prompt, repeat, answer, and the lit path', async () => {
    const flowId = await flowWith(a, ivrGraph());
    const api = designerOf(a);
    const started = await api.testRuns.start({ flowId });
    expect(started.channel).toBe('voice');
    expect(started.executionId).toMatch(/^test-/);
    expect(texts(started.turn)).toEqual([
      'Bienvenido al Ministerio de Salud.',
      'Para turnos de vacunación marcá 1. Para repetir, marcá 9.',
    ]);
    expect(started.turn?.activeStepId).toBe('menu');
    const row = await db.query.execution.findFirst({ where: eq(schema.execution.id, started.executionId) });
    expect(row).toMatchObject({ test: true, channel: 'voice', contactRef: '+5493420000000' });
    expect(row?.versionId).toMatch(/^draft-/);

    const live = await api.testRuns.state({ executionId: started.executionId });
    expect(live).toMatchObject({ status: 'running', activeStepId: 'menu' });
    expect(live.variables).toMatchObject({ call: { from: '+5493420000000', sid: started.executionId } });

    const repeat = await api.testRuns.turn({ executionId: started.executionId, seq: 1, digits: '9' });
    expect(texts(repeat)).toEqual(['Para turnos de vacunación marcá 1. Para repetir, marcá 9.']);
    // A repeated request (double click) is applied once and answered the same.
    expect(await api.testRuns.turn({ executionId: started.executionId, seq: 1, digits: '9' })).toEqual(
      repeat,
    );

    const last = await api.testRuns.turn({ executionId: started.executionId, seq: 2, digits: '1' });
    expect(last.ended).toBe(true);
    expect(texts(last)).toEqual(['Te enviamos un SMS con los turnos. ¡Gracias!']);

    const closed = await until(
      () => api.testRuns.state({ executionId: started.executionId }),
      (s) => s.status === 'completed',
    );
    expect(closed.status).toBe('completed');
    expect(closed.path.map((p) => [p.stepId, p.port])).toEqual([
      ['start', 'next'],
      ['hola', 'next'],
      ['menu', 'opt_9'],
      ['menu', 'opt_1'],
      ['turnos', 'done'],
    ]);
    expect(closed.variables).toMatchObject({ vars: { opcion: '1' } });
  });

  it('hangs up mid-menu: the run ends cleanly as hung_up', async () => {
    const flowId = await flowWith(a, ivrGraph());
    const api = designerOf(a);
    const started = await api.testRuns.start({ flowId, from: '+5493424111111' });
    const bye = await api.testRuns.turn({ executionId: started.executionId, seq: 1, hangup: true });
    expect(bye.ended).toBe(true);
    const closed = await until(
      () => api.testRuns.state({ executionId: started.executionId }),
      (s) => s.status !== 'running',
    );
    expect(closed).toMatchObject({ status: 'completed', outcome: 'hung_up' });
    expect(closed.variables).toMatchObject({ call: { from: '+5493424111111' } });
  });

  it('runs an SMS draft: the question lands in the simulator outbox, the reply moves it on', async () => {
    const flowId = await flowWith(a, {
      nodes: [
        node('start', 'trigger_incoming_message', { keyword: 'TURNO' }),
        node('pregunta', 'send_sms', {
          to: '{{message.from}}',
          body: '¿Confirmás tu turno? Respondé SI o NO.',
        }),
        node('espera', 'wait_for_reply', { timeoutMinutes: 5, saveAs: 'respuesta' }),
        node('fin', 'end', { outcome: 'respondio' }),
        node('nada', 'end', { outcome: 'sin_respuesta' }),
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'pregunta' },
        { id: 'e2', source: 'pregunta', sourcePort: 'sent', target: 'espera' },
        { id: 'e3', source: 'espera', sourcePort: 'replied', target: 'fin' },
        { id: 'e4', source: 'espera', sourcePort: 'timeout', target: 'nada' },
      ],
      notes: [],
    });
    const api = designerOf(a);
    const from = `+549342${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
    const started = await api.testRuns.start({ flowId, from, text: 'TURNO' });
    expect(started).toMatchObject({ channel: 'sms', turn: null });
    const waiting = await until(
      () => api.testRuns.state({ executionId: started.executionId }),
      (s) => s.activeStepId === 'espera' && s.outbox.length > 0,
    );
    expect(waiting.outbox).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: from,
        body: '¿Confirmás tu turno? Respondé SI o NO.',
        status: expect.any(String),
      }),
    ]);
    expect(waiting.variables).toMatchObject({ message: { from, body: 'TURNO' } });
    await api.testRuns.reply({ executionId: started.executionId, text: 'SI' });
    const closed = await until(
      () => api.testRuns.state({ executionId: started.executionId }),
      (s) => s.status === 'completed',
    );
    expect(closed).toMatchObject({ status: 'completed', outcome: 'respondio' });
    expect(closed.variables).toMatchObject({ vars: { respuesta: 'SI' } });
    expect(closed.path.map((p) => p.stepId)).toEqual(['start', 'pregunta', 'espera', 'fin']);
  });

  it('refuses a draft with errors, naming the problems, and starts nothing', async () => {
    const flowId = await flowWith(a, {
      nodes: [node('start', 'trigger_incoming_call'), node('hola', 'say', { text: '' })],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'next', target: 'hola' }],
      notes: [],
    });
    const before = await db.select().from(schema.execution).where(eq(schema.execution.flowId, flowId));
    const err = await designerOf(a)
      .testRuns.start({ flowId })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    const cause = err instanceof TRPCError ? err.cause : null;
    expect(cause).toBeInstanceOf(AppError);
    expect(cause instanceof AppError ? cause.code : null).toBe('FLOW_HAS_ERRORS');
    const problems = cause instanceof AppError ? cause.details.problems : null;
    expect(Array.isArray(problems) && problems.some((p) => Reflect.get(p, 'nodeId') === 'hola')).toBe(true);
    expect(await db.select().from(schema.execution).where(eq(schema.execution.flowId, flowId))).toEqual(
      before,
    );
  });

  it("refuses another organismo's flow and test runs, and agents", async () => {
    const flowId = await flowWith(a, ivrGraph());
    const mine = await designerOf(a).testRuns.start({ flowId });
    const other = designerOf(b);
    await expect(other.testRuns.start({ flowId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      other.testRuns.turn({ executionId: mine.executionId, seq: 1, digits: '1' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.testRuns.state({ executionId: mine.executionId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // A real (non-test) execution of the same organismo is not a test run either.
    await expect(designerOf(a).testRuns.state({ executionId: a.executionId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const agent = createCaller(
      createContext({
        db,
        session: { id: randomUUID(), userId: a.members.agent.userId, activeOrganizationId: a.org.id },
        temporal: async () => engine.client,
        taskQueue: engine.taskQueue,
      }),
    );
    await expect(agent.testRuns.start({ flowId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await designerOf(a).testRuns.stop({ executionId: mine.executionId });
    const stopped = await until(
      () => designerOf(a).testRuns.state({ executionId: mine.executionId }),
      (s) => s.status !== 'running',
    );
    expect(stopped).toMatchObject({ status: 'completed', outcome: 'hung_up' });
  });
});
