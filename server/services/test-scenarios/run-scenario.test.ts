import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { differenceMessage, nodeLabel } from '@/lib/test-scenarios/difference-text';
import type { ScenarioResult } from '@/lib/test-scenarios/types';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import esAR from '@/server/i18n/messages/es-AR.json';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import { startEngineWorker } from '@/workflows/testing/engine-harness';

/** Saved scenarios replayed by the same runner the editor uses, on the real engine. */
const db = testDb();
let a: Tenant;
let b: Tenant;
let scheduleId = '';
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
const es = createTranslator({ locale: 'es-AR', messages: esAR, namespace: 'testScenarios' });

function callerOf(t: Tenant, who: 'designer' | 'agent' | 'admin' = 'designer') {
  return createCaller(
    createContext({
      db,
      session: { id: randomUUID(), userId: t.members[who].userId, activeOrganizationId: t.org.id },
      temporal: async () => engine.client,
      taskQueue: engine.taskQueue,
    }),
  );
}
function node(id: string, kind: string, config: Record<string, unknown> = {}, label?: string): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config, ...(label ? { label } : {}) };
}
function edges(...list: [string, string, string][]): FlowGraph['edges'] {
  return list.map(([source, sourcePort, target]) => ({
    id: `${source}-${sourcePort}`,
    source,
    sourcePort,
    target,
  }));
}
async function flowWith(t: Tenant, graph: FlowGraph) {
  const [row] = await db
    .insert(schema.flow)
    .values({ organizationId: t.org.id, name: `Escenarios ${randomUUID().slice(0, 6)}`, draft: graph })
    .returning({ id: schema.flow.id });
  if (!row) throw new Error('flow insert returned nothing');
  return row.id;
}
async function setDraft(flowId: string, graph: FlowGraph) {
  await db.update(schema.flow).set({ draft: graph }).where(eq(schema.flow.id, flowId));
}
async function closed(api: ReturnType<typeof callerOf>, executionId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = await api.testRuns.state({ executionId });
    if (s.status !== 'running' || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}
function explain(result: ScenarioResult, graph: FlowGraph): string {
  if (!result.difference) return '';
  const nodes = graph.nodes.map((n) => ({ ...n, title: findNodeDefinition(n.kind)?.title['es-AR'] }));
  const m = differenceMessage(result.difference, (id) => nodeLabel(nodes, id));
  return es(m.key, m.values);
}

/** The demo IVR's shape, small: business hours, a menu, a DNI, goodbyes. */
function ivr(): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_incoming_call'),
      node('horario', 'business_hours', { scheduleId }, '¿Estamos en horario?'),
      node(
        'menu',
        'gather',
        {
          prompt: 'Turnos 1, operador 2.',
          options: [
            { key: '1', label: 'Turnos' },
            { key: '2', label: 'Operador' },
          ],
          saveAs: 'opcion',
        },
        'Menú principal',
      ),
      node(
        'dni',
        'gather',
        { prompt: 'Tu DNI y numeral.', mode: 'collect', pattern: '^\\d{7,8}$', saveAs: 'dni' },
        'Pedir DNI',
      ),
      node('chau', 'hang_up', { goodbye: 'Anotamos el DNI {{vars.dni}}.' }, 'Despedida'),
      node('cerrado', 'hang_up', { goodbye: 'Estamos cerrados.' }, 'Fuera de horario'),
      node('nada', 'hang_up', { goodbye: 'No te entendimos.' }, 'Sin respuesta'),
    ],
    edges: edges(
      ['inicio', 'next', 'horario'],
      ['horario', 'open', 'menu'],
      ['horario', 'closed', 'cerrado'],
      ['menu', 'opt_1', 'dni'],
      ['menu', 'opt_2', 'nada'],
      ['menu', 'no_input', 'nada'],
      ['menu', 'invalid', 'nada'],
      ['dni', 'collected', 'chau'],
      ['dni', 'no_input', 'nada'],
      ['dni', 'invalid', 'nada'],
    ),
    notes: [],
  };
}

describe('scenarios: a test-phone session saved, replayed against the current draft', () => {
  beforeAll(async () => {
    a = await createTenant(db, 'Escenarios');
    b = await createTenant(db, 'Otro');
    // Closed every day by the real schedule: the scenarios only reach the menu through the mock.
    const [closedSchedule] = await db
      .insert(schema.schedule)
      .values({ organizationId: a.org.id, name: 'Nunca', windows: [], nationalHolidays: 'none' })
      .returning();
    scheduleId = closedSchedule?.id ?? '';
    engine = await startEngineWorker(createActivities({ db }));
  });
  afterAll(async () => {
    await engine?.stop();
    await closeTestDb();
  });

  it('records a voice session with an open-hours mock, passes, then fails with the first difference when the draft changes', async () => {
    const api = callerOf(a);
    const flowId = await flowWith(a, ivr());
    const mocks = { businessHours: 'open' as const };
    const started = await api.testRuns.start({ flowId, mocks });
    expect(started.turn?.activeStepId).toBe('menu');
    await api.testRuns.turn({ executionId: started.executionId, seq: 1, digits: '1' });
    const last = await api.testRuns.turn({ executionId: started.executionId, seq: 2, digits: '30123456' });
    expect(last.ended).toBe(true);
    await closed(api, started.executionId);

    const saved = await api.testScenarios.saveFromRun({
      flowId,
      executionId: started.executionId,
      name: 'Turno por DNI',
      start: {},
      mocks,
      steps: [
        { kind: 'voice', digits: '1' },
        { kind: 'voice', digits: '30123456' },
      ],
      checks: { outcome: true, messages: true, variables: ['vars.dni'] },
    });
    const [listed] = await api.testScenarios.list({ flowId });
    expect(listed).toMatchObject({
      id: saved.id,
      name: 'Turno por DNI',
      expectations: {
        path: ['inicio', 'horario', 'menu', 'dni', 'chau'],
        outcome: 'done',
        variables: { 'vars.dni': '30123456' },
        messages: [],
      },
      lastResult: null,
    });

    const pass = await api.testScenarios.run({ scenarioId: saved.id });
    expect(pass).toMatchObject({
      passed: true,
      difference: null,
      path: ['inicio', 'horario', 'menu', 'dni', 'chau'],
    });
    expect((await api.testScenarios.list({ flowId }))[0]?.lastResult).toMatchObject({ passed: true });

    // The designer swaps the menu's options: the same keys now take another way.
    const changed = ivr();
    changed.edges = changed.edges.map((e) =>
      e.id === 'menu-opt_1'
        ? { ...e, target: 'cerrado' }
        : e.id === 'menu-opt_2'
          ? { ...e, target: 'dni' }
          : e,
    );
    await setDraft(flowId, changed);
    const fail = await api.testScenarios.run({ scenarioId: saved.id });
    expect(fail).toMatchObject({
      passed: false,
      difference: { kind: 'path', index: 3, expected: 'dni', actual: 'cerrado', previous: 'menu' },
      path: ['inicio', 'horario', 'menu', 'cerrado'],
    });
    expect(explain(fail, changed)).toBe('Esperaba pasar por «Pedir DNI», pasó por «Fuera de horario».');
    expect((await api.testScenarios.list({ flowId }))[0]?.lastResult).toMatchObject({ passed: false });

    // Without the mock the real (always closed) schedule decides: the scenario's mock is what made it pass.
    await setDraft(flowId, ivr());
    await api.testScenarios.run({ scenarioId: saved.id }).then((r) => expect(r.passed).toBe(true));
  });

  it('saves a session still in progress: the path so far, replayed and hung up where the designer was', async () => {
    const api = callerOf(a);
    const flowId = await flowWith(a, ivr());
    const started = await api.testRuns.start({ flowId, mocks: { businessHours: 'open' } });
    await api.testRuns.turn({ executionId: started.executionId, seq: 1, digits: '1' });
    const saved = await api.testScenarios.saveFromRun({
      flowId,
      executionId: started.executionId,
      name: 'A mitad de la llamada',
      start: {},
      mocks: { businessHours: 'open' },
      steps: [{ kind: 'voice', digits: '1' }],
      // The outcome is not known yet: it is not kept even if ticked.
      checks: { outcome: true, messages: false, variables: ['vars.opcion'] },
    });
    const [row] = await api.testScenarios.list({ flowId });
    expect(row?.expectations).toEqual({
      path: ['inicio', 'horario', 'menu'],
      variables: { 'vars.opcion': '1' },
    });
    await api.testRuns.stop({ executionId: started.executionId });
    expect(await api.testScenarios.run({ scenarioId: saved.id })).toMatchObject({
      passed: true,
      path: ['inicio', 'horario', 'menu'],
    });
  });

  it('replays SMS replies once the flow waits, and checks the messages it sent', async () => {
    const api = callerOf(a);
    const graph: FlowGraph = {
      nodes: [
        node('inicio', 'trigger_incoming_message', { keyword: `T${randomUUID().slice(0, 6)}` }),
        node('pregunta', 'send_sms', { to: '{{message.from}}', body: '¿Confirmás? SI o NO.' }),
        node('espera', 'wait_for_reply', { timeoutMinutes: 5, saveAs: 'respuesta' }),
        node('gracias', 'send_sms', { to: '{{message.from}}', body: 'Recibimos: {{vars.respuesta}}.' }),
        node('fin', 'end', { outcome: 'respondio' }),
        node('nada', 'end', { outcome: 'sin_respuesta' }),
      ],
      edges: edges(
        ['inicio', 'next', 'pregunta'],
        ['pregunta', 'sent', 'espera'],
        ['espera', 'replied', 'gracias'],
        ['espera', 'timeout', 'nada'],
        ['gracias', 'sent', 'fin'],
      ),
      notes: [],
    };
    const flowId = await flowWith(a, graph);
    const from = `+549342${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
    const started = await api.testRuns.start({ flowId, from, text: 'TURNO' });
    await api.testRuns.reply({ executionId: started.executionId, text: 'SI' });
    await closed(api, started.executionId);
    const saved = await api.testScenarios.saveFromRun({
      flowId,
      executionId: started.executionId,
      name: 'Confirma por SMS',
      start: { from, text: 'TURNO' },
      mocks: {},
      steps: [{ kind: 'reply', text: 'SI' }],
      checks: { outcome: true, messages: true, variables: [] },
    });
    const [row] = await api.testScenarios.list({ flowId });
    expect(row?.expectations).toEqual({
      path: ['inicio', 'pregunta', 'espera', 'gracias', 'fin'],
      outcome: 'respondio',
      messages: ['¿Confirmás? SI o NO.', 'Recibimos: SI.'],
    });
    expect(await api.testScenarios.run({ scenarioId: saved.id })).toMatchObject({ passed: true });

    const reworded = structuredClone(graph);
    reworded.nodes[3] = node('gracias', 'send_sms', {
      to: '{{message.from}}',
      body: 'Gracias: {{vars.respuesta}}.',
    });
    await setDraft(flowId, reworded);
    const fail = await api.testScenarios.run({ scenarioId: saved.id });
    expect(fail.difference).toEqual({
      kind: 'message',
      index: 1,
      expected: 'Recibimos: SI.',
      actual: 'Gracias: SI.',
    });
    expect(explain(fail, reworded)).toBe(
      'Esperaba que el mensaje 2 dijera «Recibimos: SI.», dijo «Gracias: SI.».',
    );
  });

  it('an API flow: the declared inputs are the run input, required ones are enforced, variables are compared', async () => {
    const api = callerOf(a);
    const graph: FlowGraph = {
      nodes: [
        node('inicio', 'trigger_api', {
          fields: [
            { name: 'telefono', required: true, type: 'phone' },
            { name: 'cantidad', required: false, type: 'number' },
          ],
        }),
        node('calculo', 'set_variables', {
          assignments: [{ name: 'total', operation: 'set', value: '{{input.cantidad}}', type: 'number' }],
        }),
        node('fin', 'end', { outcome: 'ok' }),
      ],
      edges: edges(['inicio', 'next', 'calculo'], ['calculo', 'next', 'fin']),
      notes: [],
    };
    const flowId = await flowWith(a, graph);
    await expect(api.testRuns.start({ flowId, input: { cantidad: 3 } })).rejects.toMatchObject({
      cause: { code: 'INVALID_INPUT', details: { missing: ['telefono'] } },
    });
    const input = { telefono: '+5493424111111', cantidad: 3, ignorado: 'x' };
    const started = await api.testRuns.start({ flowId, input });
    const done = await closed(api, started.executionId);
    expect(done.variables).toMatchObject({
      input: { telefono: '+5493424111111', cantidad: 3 },
      vars: { total: 3 },
    });
    expect(Object.keys(Object(done.variables.input))).not.toContain('ignorado');
    const saved = await api.testScenarios.saveFromRun({
      flowId,
      executionId: started.executionId,
      name: 'Con cantidad',
      start: { input },
      mocks: {},
      steps: [],
      checks: { outcome: true, messages: false, variables: ['vars.total'] },
    });
    expect(await api.testScenarios.run({ scenarioId: saved.id })).toMatchObject({ passed: true });

    const doubled = structuredClone(graph);
    doubled.nodes[1] = node('calculo', 'set_variables', {
      assignments: [{ name: 'total', operation: 'set', value: '{{input.cantidad}}0', type: 'number' }],
    });
    await setDraft(flowId, doubled);
    const fail = await api.testScenarios.run({ scenarioId: saved.id });
    expect(fail.difference).toEqual({ kind: 'variable', path: 'vars.total', expected: '3', actual: '30' });
    expect(explain(fail, doubled)).toBe('Esperaba que vars.total fuera «3», es «30».');

    // A draft that no longer compiles is reported, not thrown.
    await setDraft(flowId, { ...graph, edges: [] });
    const broken = await api.testScenarios.run({ scenarioId: saved.id });
    expect(broken).toMatchObject({ passed: false, difference: { kind: 'error', code: 'FLOW_HAS_ERRORS' } });
  });

  it('renames and deletes; names are unique per flow; only designers and admins; never across organismos', async () => {
    const api = callerOf(a);
    const flowId = await flowWith(a, ivr());
    const run = await api.testRuns.start({ flowId, mocks: { businessHours: 'closed' } });
    await closed(api, run.executionId);
    const base = {
      flowId,
      executionId: run.executionId,
      start: {},
      mocks: { businessHours: 'closed' as const },
      steps: [],
      checks: { outcome: false, messages: false, variables: [] },
    };
    const first = await api.testScenarios.saveFromRun({ ...base, name: 'Cerrado' });
    const second = await callerOf(a, 'admin').testScenarios.saveFromRun({ ...base, name: 'Cerrado 2' });
    await expect(api.testScenarios.saveFromRun({ ...base, name: 'Cerrado' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(api.testScenarios.rename({ scenarioId: second.id, name: 'Cerrado' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await api.testScenarios.rename({ scenarioId: second.id, name: 'Fuera de horario' });
    expect((await api.testScenarios.list({ flowId })).map((s) => s.name)).toEqual([
      'Cerrado',
      'Fuera de horario',
    ]);

    const agent = callerOf(a, 'agent');
    await expect(agent.testScenarios.list({ flowId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(agent.testScenarios.run({ scenarioId: first.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const other = callerOf(b);
    await expect(other.testScenarios.run({ scenarioId: first.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(other.testScenarios.remove({ scenarioId: first.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Another organismo's run cannot be saved into this flow, nor this run into another organismo.
    await expect(
      other.testScenarios.saveFromRun({ ...base, flowId: b.flow.id, name: 'Ajeno' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await api.testScenarios.remove({ scenarioId: first.id });
    expect((await api.testScenarios.list({ flowId })).map((s) => s.name)).toEqual(['Fuera de horario']);
    const left = await db
      .select()
      .from(schema.flowTestScenario)
      .where(
        and(eq(schema.flowTestScenario.flowId, flowId), eq(schema.flowTestScenario.organizationId, a.org.id)),
      );
    expect(left).toHaveLength(1);
  });
});
