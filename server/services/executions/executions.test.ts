import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import type { FlowProgram } from '@/lib/contracts/program';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { secretsKeyring } from '@/server/secrets';
import { compileDraft } from '@/server/services/flows/compile-draft';
import { createActivities } from '@/workflows/activities';
import { dataConverter } from '@/workflows/client';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { EncryptionCodec } from '@/workflows/payload-codec';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { apiSmsGraph } from '@/workflows/testing/graphs';
import {
  type EngineDeps,
  organizationTimeZone,
  type StartExecutionArgs,
  startExecution,
} from './start-execution';

const db = testDb();

// Waits, so the execution is still running when a test acts on it.
const waitingGraph = (trigger = 'trigger_api'): FlowGraph => ({
  nodes: [
    { id: 'start', kind: trigger, position: { x: 0, y: 0 }, config: {} },
    { id: 'espera', kind: 'wait', position: { x: 0, y: 0 }, config: { amount: 3, unit: 'days' } },
    { id: 'fin', kind: 'end', position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'espera' },
    { id: 'e2', source: 'espera', sourcePort: 'next', target: 'fin' },
  ],
  notes: [],
});

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
    client = new Client({ connection, dataConverter: dataConverter() });
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
    const graph = apiSmsGraph();
    graph.nodes = graph.nodes.map((n) => (n.id === 'sms' ? { ...n, label: 'Aviso de turno' } : n));
    const flowId = await publish(graph);
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
    // Each step named as the published graph names it: its given name, else one made of its settings.
    const names = new Map(trace.map((s) => [s.stepId, s.stepName?.['es-AR']]));
    expect(names.get('sms')).toBe('Aviso de turno');
    expect(names.get('fin')).toBe('Fin: notified');
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
    const flowId = await publish(waitingGraph());
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
    const flowId = await publish(waitingGraph());
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

  describe('startExecution, as every trigger uses it', () => {
    let deps: EngineDeps;
    let program: FlowProgram;

    beforeAll(async () => {
      deps = { db, temporal: async () => client, taskQueue: engine.taskQueue };
      const graph = waitingGraph('trigger_campaign_contact');
      const flow = await caller('designer').flows.create({
        name: 'Vacunación',
        kind: 'outbound_campaign',
        graph,
      });
      const compiled = await compileDraft(db, { organizationId: t.org.id, flowId: flow.id, graph });
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
      program = compiled.program;
    });

    const startedInput = async (workflowId: string) => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      // The history holds the codec's ciphertext: decode it as the worker does.
      const [input] = await new EncryptionCodec(secretsKeyring()).decode(payloads.slice(1, 2));
      return input ? defaultPayloadConverter.fromPayload<Record<string, unknown>>(input) : null;
    };

    it('starts a campaign contact once per deterministic id: a repeat is a duplicate, with one row', async () => {
      await db
        .update(schema.organization)
        .set({ timezone: 'America/Argentina/Salta' })
        .where(eq(schema.organization.id, t.org.id));
      const executionId = `camp-${randomUUID()}-contacto-7-1`;
      const args: StartExecutionArgs = {
        organizationId: t.org.id,
        program,
        executionId,
        channel: 'campaign',
        variables: { contact: { id: 'contacto-7', phone: '+5493874000007' } },
        once: true,
      };
      await expect(startExecution(deps, args)).resolves.toEqual({ executionId, duplicate: false });
      await expect(startExecution(deps, args)).resolves.toEqual({ executionId, duplicate: true });

      const rows = await db.select().from(schema.execution).where(eq(schema.execution.id, executionId));
      expect(rows).toMatchObject([
        {
          flowId: program.flowId,
          versionId: program.versionId,
          workflowId: executionId,
          channel: 'campaign',
          contactRef: '+5493874000007',
          test: false,
        },
      ]);
      // The organismo's own time zone, read when the trigger does not bring it.
      expect(await startedInput(executionId)).toMatchObject({
        executionId,
        channel: 'campaign',
        timeZone: 'America/Argentina/Salta',
        variables: args.variables,
      });
      expect(await startedInput(executionId)).not.toHaveProperty('test');
      await client.workflow.getHandle(executionId).cancel();
    });

    it('refuses a second start on an id that is not marked as repeatable', async () => {
      const args: StartExecutionArgs = {
        organizationId: t.org.id,
        program,
        executionId: `camp-${randomUUID()}-contacto-8-1`,
        channel: 'campaign',
        variables: { contact: { phone: '+5493874000008' } },
      };
      await startExecution(deps, args);
      await expect(startExecution(deps, args)).rejects.toThrow();
      await client.workflow.getHandle(args.executionId).cancel();
    });

    it('leaves no running row when Temporal refuses or cannot be reached, so a retry starts it', async () => {
      const args: StartExecutionArgs = {
        organizationId: t.org.id,
        program,
        executionId: `api-${randomUUID()}`,
        channel: 'api',
        variables: { contact: { phone: '+5493874000010' } },
      };
      const unreachable: EngineDeps = {
        ...deps,
        temporal: async () => {
          throw new Error('14 UNAVAILABLE: No connection established');
        },
      };
      await expect(startExecution(unreachable, args)).rejects.toThrow('UNAVAILABLE');
      expect(
        await db.select().from(schema.execution).where(eq(schema.execution.id, args.executionId)),
      ).toEqual([]);
      await expect(startExecution(deps, args)).resolves.toEqual({
        executionId: args.executionId,
        duplicate: false,
      });
      expect(
        await db.select().from(schema.execution).where(eq(schema.execution.id, args.executionId)),
      ).toHaveLength(1);
      await client.workflow.getHandle(args.executionId).cancel();
    });

    it('marks a test run and its mocks, and takes the time zone the trigger brings', async () => {
      const executionId = `test-${randomUUID()}`;
      await startExecution(deps, {
        organizationId: t.org.id,
        program,
        executionId,
        channel: 'campaign',
        timeZone: 'America/Argentina/Cordoba',
        variables: { contact: { phone: '+5493874000009' } },
        test: { mocks: { businessHours: 'open', queues: {}, http: [] } },
      });
      const row = await db.query.execution.findFirst({ where: eq(schema.execution.id, executionId) });
      expect(row).toMatchObject({ test: true, contactRef: '+5493874000009' });
      expect(await startedInput(executionId)).toMatchObject({
        timeZone: 'America/Argentina/Cordoba',
        test: true,
        mocks: { businessHours: 'open' },
      });
      await client.workflow.getHandle(executionId).cancel();
    });

    it("reads an organismo's time zone, and the default for one it does not know", async () => {
      await db
        .update(schema.organization)
        .set({ timezone: 'America/Argentina/Salta' })
        .where(eq(schema.organization.id, t.org.id));
      expect(await organizationTimeZone(db, t.org.id)).toBe('America/Argentina/Salta');
      expect(await organizationTimeZone(db, 'no-such-organismo')).toBe('America/Argentina/Cordoba');
    });
  });
});
