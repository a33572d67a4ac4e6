import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { ExecutionInput } from '@/lib/contracts/execution';
import { type ScenarioMocks, ZScenarioMocks } from '@/lib/test-scenarios/types';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { loadCompileResources } from '@/server/services/flows/resources';
import { scheduleStatusAt } from '@/server/services/schedules/schedule-status';
import {
  startTestRun,
  type TestRunState,
  testRunState,
  testRunTurn,
} from '@/server/services/test-runs/test-runs';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';
import type { RunFlow } from '@/workflows/messages';
import { compileOrThrow, startEngineWorker } from '@/workflows/testing/engine-harness';

/**
 * Test-run mocks on the real engine (Temporal dev server, real activities over PostgreSQL): what
 * a mock pretends wins over the real clock, schedule and queue, and a real execution ignores it.
 */
const db = testDb();
let t: Tenant;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let deps: EngineDeps;
let alwaysOpen = '';
let weekdays = '';

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}
function edges(...list: [string, string, string][]): FlowGraph['edges'] {
  return list.map(([source, sourcePort, target], i) => ({ id: `e${i}`, source, sourcePort, target }));
}
async function flowWith(graph: FlowGraph): Promise<string> {
  const [row] = await db
    .insert(schema.flow)
    .values({ organizationId: t.org.id, name: `Simulación ${randomUUID().slice(0, 6)}`, draft: graph })
    .returning({ id: schema.flow.id });
  if (!row) throw new Error('flow insert returned nothing');
  return row.id;
}
const mocks = (m: Partial<ScenarioMocks>) => ZScenarioMocks.parse(m);

async function closedState(executionId: string): Promise<TestRunState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = await testRunState(deps, { organizationId: t.org.id, executionId });
    if (s.status !== 'running' || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Business hours → open: a menu; closed: a goodbye. Voice, so each run is driven turn by turn. */
function hoursGraph(scheduleId: string): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_incoming_call'),
      node('horario', 'business_hours', { scheduleId }),
      node('abierto', 'hang_up', { goodbye: 'Estamos atendiendo.' }),
      node('cerrado', 'hang_up', { goodbye: 'Estamos cerrados.' }),
    ],
    edges: edges(
      ['inicio', 'next', 'horario'],
      ['horario', 'open', 'abierto'],
      ['horario', 'closed', 'cerrado'],
    ),
    notes: [],
  };
}

describe('test-run mocks on the real engine', () => {
  beforeAll(async () => {
    t = await createTenant(db, 'Simular');
    const [open] = await db
      .insert(schema.schedule)
      .values({
        organizationId: t.org.id,
        name: 'Siempre abierto',
        windows: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })),
        nationalHolidays: 'none',
      })
      .returning();
    const [week] = await db
      .insert(schema.schedule)
      .values({
        organizationId: t.org.id,
        name: 'Lunes a viernes de 8 a 18',
        windows: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
        nationalHolidays: 'none',
      })
      .returning();
    alwaysOpen = open?.id ?? '';
    weekdays = week?.id ?? '';
    await db
      .insert(schema.organizationSettings)
      .values({ organizationId: t.org.id, allowedHosts: ['turnos.example.gov.ar'] })
      .onConflictDoUpdate({
        target: schema.organizationSettings.organizationId,
        set: { allowedHosts: ['turnos.example.gov.ar'] },
      });
    engine = await startEngineWorker(createActivities({ db }));
    deps = { db, temporal: async () => engine.client, taskQueue: engine.taskQueue };
  });
  afterAll(async () => {
    await engine?.stop();
    await closeTestDb();
  });

  it('a closed business-hours mock takes the closed port while the real clock is open', async () => {
    const real = await scheduleStatusAt(db, {
      organizationId: t.org.id,
      scheduleId: alwaysOpen,
      at: new Date().toISOString(),
    });
    expect(real.status).toBe('open');
    const flowId = await flowWith(hoursGraph(alwaysOpen));
    const plain = await startTestRun(deps, { organizationId: t.org.id, flowId });
    expect(plain.turn?.instructions).toContainEqual(expect.objectContaining({ text: 'Estamos atendiendo.' }));
    const mocked = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      mocks: mocks({ businessHours: 'closed' }),
    });
    expect(mocked.turn?.instructions).toContainEqual(expect.objectContaining({ text: 'Estamos cerrados.' }));
    const closed = await closedState(mocked.executionId);
    expect(closed.path.map((p) => [p.stepId, p.port])).toEqual([
      ['inicio', 'next'],
      ['horario', 'closed'],
      ['cerrado', 'done'],
    ]);
  });

  it('a mocked clock drives the business-hours node and execution.startedAt', async () => {
    const graph = hoursGraph(weekdays);
    graph.nodes[3] = node('cerrado', 'hang_up', {
      goodbye: 'Cerrado desde {{execution.startedAt | fecha}}.',
    });
    const flowId = await flowWith(graph);
    // Saturday 2026-03-07 10:00 in Córdoba: closed by the schedule; Tuesday 2026-03-10 10:00: open.
    const saturday = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      mocks: mocks({ now: '2026-03-07T10:00' }),
    });
    expect(saturday.turn?.instructions).toContainEqual(
      expect.objectContaining({ text: 'Cerrado desde 7/3/26.' }),
    );
    const state = await closedState(saturday.executionId);
    expect(Reflect.get(Object(state.variables.execution), 'startedAt')).toBe('2026-03-07T13:00:00.000Z');
    const tuesday = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      mocks: mocks({ now: '2026-03-10T10:00' }),
    });
    expect(tuesday.turn?.instructions).toContainEqual(
      expect.objectContaining({ text: 'Estamos atendiendo.' }),
    );
  });

  it('a queue mock drives the long-wait branch, and no work item reaches real agents', async () => {
    const flowId = await flowWith({
      nodes: [
        node('inicio', 'trigger_incoming_call'),
        node('cola', 'transfer_to_queue', {
          queueId: t.queue.id,
          maxWaitMinutes: 5,
          holdMessage: 'Aguardá.',
        }),
        node('atendido', 'hang_up', { goodbye: 'Gracias por esperar.' }),
        node('devolucion', 'hang_up', { goodbye: 'Te llamamos más tarde.' }),
      ],
      edges: edges(
        ['inicio', 'next', 'cola'],
        ['cola', 'answered', 'atendido'],
        ['cola', 'timeout', 'devolucion'],
      ),
      notes: [],
    });
    const before = await db.$count(schema.workItem, eq(schema.workItem.organizationId, t.org.id));
    const long = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      mocks: mocks({ queues: { [t.queue.id]: { waitSeconds: 900, agentsAvailable: 3 } } }),
    });
    expect(long.turn?.instructions).toContainEqual(
      expect.objectContaining({ text: 'Te llamamos más tarde.' }),
    );
    expect((await closedState(long.executionId)).path.map((p) => p.stepId)).toEqual([
      'inicio',
      'cola',
      'devolucion',
    ]);
    const short = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      mocks: mocks({ queues: { [t.queue.id]: { waitSeconds: 20, agentsAvailable: 1 } } }),
    });
    expect(short.turn?.instructions).toContainEqual(expect.objectContaining({ text: 'Aguardá.' }));
    expect(short.turn?.instructions).toContainEqual(
      expect.objectContaining({ text: 'Gracias por esperar.' }),
    );
    expect(await db.$count(schema.workItem, eq(schema.workItem.organizationId, t.org.id))).toBe(before);
    // Without a mock the same draft enqueues for real: a work item and an <Enqueue> for the caller.
    const real = await startTestRun(deps, { organizationId: t.org.id, flowId });
    expect(real.turn?.instructions.at(-1)).toMatchObject({ type: 'enqueue', queueId: t.queue.id });
    await testRunTurn(deps, {
      organizationId: t.org.id,
      executionId: real.executionId,
      seq: 1,
      hangup: true,
    });
    expect(await db.$count(schema.workItem, eq(schema.workItem.organizationId, t.org.id))).toBe(before + 1);
  });

  it('an HTTP mock answers a matching request, mapped like a real answer', async () => {
    const flowId = await flowWith({
      nodes: [
        node('inicio', 'trigger_api', { fields: [{ name: 'dni', required: true, type: 'text' }] }),
        node('consulta', 'http_request', {
          url: 'https://turnos.example.gov.ar/api/turnos?dni={{input.dni}}',
          responseMappings: [{ variable: 'fecha', path: 'turno.fecha' }],
        }),
        node('ok', 'end', { outcome: 'con_turno' }),
        node('mal', 'end', { outcome: 'sin_turno' }),
      ],
      edges: edges(
        ['inicio', 'next', 'consulta'],
        ['consulta', 'success', 'ok'],
        ['consulta', 'failure', 'mal'],
      ),
      notes: [],
    });
    const run = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      input: { dni: '30123456' },
      mocks: mocks({
        http: [
          {
            urlContains: 'turnos.example.gov.ar/api/turnos',
            method: 'GET',
            status: 200,
            body: '{"turno":{"fecha":"2026-12-01"}}',
          },
        ],
      }),
    });
    const done = await closedState(run.executionId);
    expect(done).toMatchObject({ status: 'completed', outcome: 'con_turno' });
    expect(done.variables).toMatchObject({
      vars: { fecha: '2026-12-01', http_status: 200 },
      input: { dni: '30123456' },
    });
  });

  it('the test phone shows the request as encoded and sent, with its secret masked', async () => {
    const flowId = await flowWith({
      nodes: [
        node('inicio', 'trigger_api', { fields: [{ name: 'dni', required: true, type: 'text' }] }),
        node('consulta', 'http_request', {
          method: 'POST',
          url: 'https://turnos.example.gov.ar/api/turnos?dni={{input.dni}}',
          headers: [{ name: 'Authorization', value: `Bearer {{secret.${t.secretName}}}` }],
          body: '{"dni":"{{input.dni}}"}',
        }),
        node('ok', 'end', { outcome: 'con_turno' }),
        node('mal', 'end', { outcome: 'sin_turno' }),
      ],
      edges: edges(
        ['inicio', 'next', 'consulta'],
        ['consulta', 'success', 'ok'],
        ['consulta', 'failure', 'mal'],
      ),
      notes: [],
    });
    const run = await startTestRun(deps, {
      organizationId: t.org.id,
      flowId,
      input: { dni: '30 123","x":"1' },
      mocks: mocks({
        http: [{ urlContains: 'turnos.example.gov.ar/api/turnos', method: 'POST', status: 200, body: '{}' }],
      }),
    });
    const done = await closedState(run.executionId);
    expect(done).toMatchObject({ status: 'completed', outcome: 'con_turno' });
    expect(done.requests).toEqual([
      {
        seq: expect.any(Number),
        stepId: 'consulta',
        detail: {
          request: {
            method: 'POST',
            url: 'https://turnos.example.gov.ar/api/turnos?dni=30%20123%22%2C%22x%22%3A%221',
            headers: { Authorization: `Bearer {{secret.${t.secretName}}}` },
            body: '{"dni":"30 123\\",\\"x\\":\\"1"}',
          },
        },
      },
    ]);
    expect(JSON.stringify(done)).not.toContain(t.secretValue);
  });

  it('a real (non-test) execution ignores mocks it is handed', async () => {
    const resources = await loadCompileResources(db, t.org.id, t.flow.id);
    const program = compileOrThrow(hoursGraph(alwaysOpen), { ...resources, flowId: t.flow.id });
    const executionId = `real-${randomUUID()}`;
    const input: ExecutionInput = {
      executionId,
      organizationId: t.org.id,
      channel: 'api',
      timeZone: 'America/Argentina/Cordoba',
      variables: {},
      mocks: { businessHours: 'closed', queues: {}, http: [], now: '2026-03-07T13:00:00.000Z' },
    };
    await db.insert(schema.execution).values({
      id: executionId,
      organizationId: t.org.id,
      flowId: t.flow.id,
      versionId: program.versionId,
      workflowId: executionId,
      channel: 'api',
    });
    const outcome = await engine.client.workflow.execute<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: executionId,
      args: [program, input],
    });
    expect(outcome.lastStepId).toBe('abierto');
    expect(Reflect.get(Object(outcome.variables.execution), 'startedAt')).not.toBe(
      '2026-03-07T13:00:00.000Z',
    );
  });
});
