import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import type { FlowProgram } from '@/lib/contracts/program';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { compileDraft } from '@/server/services/flows/compile-draft';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import {
  type EngineDeps,
  organizationTimeZone,
  type StartExecutionArgs,
  startExecution,
} from './start-execution';

const db = testDb();

// A campaign contact's script that waits, so the execution is still running when it is started again.
const campaignGraph: FlowGraph = {
  nodes: [
    { id: 'start', kind: 'trigger_campaign_contact', position: { x: 0, y: 0 }, config: {} },
    { id: 'espera', kind: 'wait', position: { x: 0, y: 0 }, config: { amount: 3, unit: 'days' } },
    { id: 'fin', kind: 'end', position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'espera' },
    { id: 'e2', source: 'espera', sourcePort: 'next', target: 'fin' },
  ],
  notes: [],
};

describe('startExecution', () => {
  let t: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let connection: Connection;
  let client: Client;
  let deps: EngineDeps;
  let program: FlowProgram;

  beforeAll(async () => {
    t = await createTenant(db, 'Inicio');
    engine = await startEngineWorker(createActivities({ db }));
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection });
    deps = { db, temporal: async () => client, taskQueue: engine.taskQueue };
    const flow = await callerFor(db, t, 'designer').flows.create({
      name: 'Vacunación',
      kind: 'outbound_campaign',
      graph: campaignGraph,
    });
    const compiled = await compileDraft(db, {
      organizationId: t.org.id,
      flowId: flow.id,
      graph: campaignGraph,
    });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    program = compiled.program;
  });
  afterAll(async () => {
    await engine.stop();
    await connection.close();
    await closeTestDb();
  });

  const startedInput = async (workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const input = payloads[1];
    return input ? defaultPayloadConverter.fromPayload<Record<string, unknown>>(input) : null;
  };

  it('starts a campaign contact once per deterministic id: a repeat is a duplicate, with one row', async () => {
    await db
      .update(schema.organization)
      .set({ timezone: 'America/Argentina/Salta' })
      .where(eq(schema.organization.id, t.org.id));
    const executionId = 'camp-c1-contacto-7-1';
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
      executionId: 'camp-c1-contacto-8-1',
      channel: 'campaign',
      variables: { contact: { phone: '+5493874000008' } },
    };
    await startExecution(deps, args);
    await expect(startExecution(deps, args)).rejects.toThrow();
    await client.workflow.getHandle(args.executionId).cancel();
  });

  it('marks a test run and its mocks, and takes the time zone the trigger brings', async () => {
    const executionId = 'test-start-execution';
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
    expect(await organizationTimeZone(db, t.org.id)).toBe('America/Argentina/Salta');
    expect(await organizationTimeZone(db, 'no-such-organismo')).toBe('America/Argentina/Cordoba');
  });
});
