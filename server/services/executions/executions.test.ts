import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { apiSmsGraph } from '@/workflows/testing/graphs';

const db = testDb();

const waitingGraph: FlowGraph = {
  nodes: [
    { id: 'start', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} },
    { id: 'espera', kind: 'wait', position: { x: 0, y: 0 }, config: { amount: 3, unit: 'days' } },
    { id: 'fin', kind: 'end', position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'espera' },
    { id: 'e2', source: 'espera', sourcePort: 'next', target: 'fin' },
  ],
  notes: [],
};

describe('executions through tRPC on a real worker', () => {
  let t: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let connection: Connection;
  let client: Client;
  const caller = (role: 'designer' | 'agent') =>
    createCaller(
      createContext({
        db,
        session: { id: 's', userId: t.members[role].userId, activeOrganizationId: t.org.id },
        temporal: async () => client,
        taskQueue: engine.taskQueue,
      }),
    );

  beforeAll(async () => {
    t = await createTenant(db, 'Exec');
    engine = await startEngineWorker(createActivities({ db }));
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await engine.stop();
    await connection.close();
    await closeTestDb();
  });

  async function publish(graph: FlowGraph) {
    const designer = caller('designer');
    const flow = await designer.flows.create({ name: `F ${Math.random()}`, kind: 'api', graph });
    await designer.flows.publish({ flowId: flow.id, note: '' });
    return flow.id;
  }

  it('starts the latest published version, validates input, and lists, gets and traces the execution', async () => {
    const flowId = await publish(apiSmsGraph());
    const designer = caller('designer');
    await expect(
      designer.executions.start({ flowId, input: { nombre: 'Sin teléfono' } }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Missing input: telefono',
    });
    const { executionId, version } = await designer.executions.start({
      flowId,
      input: { telefono: '+5493424123456', nombre: 'Eva' },
    });
    expect(version).toBe(1);
    await client.workflow.getHandle(executionId).result();
    const row = await designer.executions.get({ id: executionId });
    expect(row).toMatchObject({ status: 'completed', outcome: 'notified', flowId });
    const listed = await designer.executions.list({ flowId });
    expect(listed.map((e) => [e.id, e.version])).toEqual([[executionId, 1]]);
    const trace = await designer.executions.trace({ id: executionId });
    expect(trace.map((s) => s.stepId)).toEqual(['start', 'saludo', 'sms', 'fin']);
    const outbox = await designer.outbox.list({ executionId });
    expect(outbox).toMatchObject([
      { channel: 'sms', to: '+5493424123456', body: 'Hola Eva, tu turno está confirmado.' },
    ]);
  });

  it('refuses flows that are unpublished or start another way', async () => {
    const designer = caller('designer');
    const draftOnly = await designer.flows.create({ name: 'Borrador', kind: 'api', graph: apiSmsGraph() });
    await expect(designer.executions.start({ flowId: draftOnly.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    const agent = caller('agent');
    await expect(agent.executions.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('cancels a waiting execution, which records it as cancelled', async () => {
    const flowId = await publish(waitingGraph);
    const designer = caller('designer');
    const { executionId } = await designer.executions.start({ flowId });
    await expect(designer.executions.cancel({ id: executionId })).resolves.toMatchObject({
      status: 'cancelling',
    });
    await client.workflow
      .getHandle(executionId)
      .result()
      .catch(() => undefined);
    let status = '';
    for (let i = 0; i < 50 && status !== 'cancelled'; i++) {
      status =
        (await db.query.execution.findFirst({ where: eq(schema.execution.id, executionId) }))?.status ?? '';
      if (status !== 'cancelled') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('cancelled');
    await expect(designer.executions.cancel({ id: executionId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('an execution cancelled as it starts still gets its row, closed as cancelled', async () => {
    const flowId = await publish(waitingGraph);
    const designer = caller('designer');
    const started = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const { executionId } = await designer.executions.start({ flowId });
        await designer.executions.cancel({ id: executionId });
        return executionId;
      }),
    );
    for (const executionId of started) {
      await client.workflow
        .getHandle(executionId)
        .result()
        .catch(() => undefined);
      // Closed before the workflow ended: nothing left to wait for.
      const row = await db.query.execution.findFirst({ where: eq(schema.execution.id, executionId) });
      expect(row?.status).toBe('cancelled');
    }
  });
});
