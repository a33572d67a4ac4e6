import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db';
import { closeTestDb, createTenant, type Tenant, testDb } from '../../scripts/test-setup/fixtures';
import { createSimulatorAdapter } from '../../server/channels/simulator';
import type { RunFlow } from '../messages';
import { compileOrThrow, startEngineWorker } from '../testing/engine-harness';
import { apiSmsGraph } from '../testing/graphs';
import { createEngineActivities } from './engine';

const db = testDb();
const activities = createEngineActivities({ db, channels: createSimulatorAdapter(db) });
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Engine');
});
afterAll(closeTestDb);

/** Runs activities as the worker would, for the workflow `workflowId`. */
function inActivity(workflowId: string) {
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId, runId: randomUUID() } });
  return { run: <T>(activity: () => Promise<T>) => env.run<[], T, () => Promise<T>>(activity) };
}

async function failure(run: () => Promise<unknown>): Promise<ApplicationFailure> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure))
    throw new Error(`expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

describe('engine activities', () => {
  it('turns refusals into non-retryable failures with the reason', async () => {
    const other = await createTenant(db, 'EngineOther');
    const env = inActivity(`wf-${randomUUID()}`);
    const workItem = await failure(() =>
      env.run(() =>
        activities.createWorkItem({
          organizationId: t.org.id,
          executionId: t.executionId,
          idempotencyKey: randomUUID(),
          queueId: other.queue.id,
          type: 'callback',
          priority: 5,
          dueAt: null,
          skills: [],
          fields: [],
          dispositions: [],
          citizenId: null,
        }),
      ),
    );
    expect(workItem).toMatchObject({ nonRetryable: true, type: 'NOT_FOUND' });
    expect(workItem.message).toMatch(/is not a queue of this organismo/);

    const http = await failure(() =>
      env.run(() =>
        activities.httpRequest({
          organizationId: t.org.id,
          method: 'GET',
          url: 'http://169.254.169.254/latest/meta-data/',
          headers: {},
          body: null,
          timeoutMs: 1000,
        }),
      ),
    );
    expect(http).toMatchObject({ nonRetryable: true });
    expect(http.message).toMatch(/not in this organismo's allowed hosts/);

    const subflow = await failure(() =>
      env.run(() =>
        activities.loadSubflow({ organizationId: t.org.id, flowId: other.flow.id, version: 'latest' }),
      ),
    );
    expect(subflow).toMatchObject({ nonRetryable: true, type: 'NOT_FOUND' });
  });

  it('keeps the workflow id of a work item so its disposition can signal the execution', async () => {
    const workflowId = `call-CA${randomUUID().replace(/-/g, '')}`;
    const { workItemId } = await inActivity(workflowId).run(() =>
      activities.createWorkItem({
        organizationId: t.org.id,
        executionId: t.executionId,
        idempotencyKey: randomUUID(),
        queueId: t.queue.id,
        type: 'call',
        priority: 1,
        dueAt: null,
        skills: [],
        fields: [],
        dispositions: ['atendido'],
        citizenId: null,
      }),
    );
    const row = await db.query.workItem.findFirst({ where: eq(schema.workItem.id, workItemId) });
    expect(row?.workflowId).toBe(workflowId);
  });

  it('opens an execution under the workflow that runs it', async () => {
    const executionId = `exec-${randomUUID()}`;
    await inActivity(`call-${executionId}`).run(() =>
      activities.openExecution({
        executionId,
        organizationId: t.org.id,
        flowId: t.flow.id,
        versionId: 'v1',
        channel: 'voice',
        contactRef: null,
        citizenId: null,
        test: true,
      }),
    );
    const row = await db.query.execution.findFirst({ where: eq(schema.execution.id, executionId) });
    expect(row).toMatchObject({ workflowId: `call-${executionId}`, status: 'running', test: true });
  });
});

describe('runFlow with the real activities', () => {
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  beforeAll(async () => {
    engine = await startEngineWorker(activities);
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('runs an API flow end to end: execution row, trace and outbox in PostgreSQL', async () => {
    const program = compileOrThrow(apiSmsGraph());
    const executionId = `api-${randomUUID()}`;
    const outcome = await engine.client.workflow.execute<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: executionId,
      args: [
        program,
        {
          executionId,
          organizationId: t.org.id,
          channel: 'api',
          timeZone: 'America/Argentina/Cordoba',
          variables: { input: { telefono: '0351 15 555-4321', nombre: 'Ana' } },
        },
      ],
    });
    expect(outcome).toMatchObject({ status: 'completed', outcome: 'notified' });

    const execution = await db.query.execution.findFirst({ where: eq(schema.execution.id, executionId) });
    expect(execution).toMatchObject({
      organizationId: t.org.id,
      workflowId: executionId,
      channel: 'api',
      status: 'completed',
      outcome: 'notified',
      endedAt: expect.any(Date),
    });
    const trace = await db
      .select()
      .from(schema.executionTrace)
      .where(eq(schema.executionTrace.executionId, executionId))
      .orderBy(asc(schema.executionTrace.seq));
    expect(trace.map((r) => [r.stepId, r.port])).toEqual([
      ['start', 'next'],
      ['saludo', 'next'],
      ['sms', 'sent'],
      ['fin', 'notified'],
    ]);
    const sent = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.executionId, executionId));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      channel: 'sms',
      to: '+5493515554321',
      body: 'Hola Ana, tu turno está confirmado.',
      adapter: 'simulator',
      status: 'delivered',
      idempotencyKey: `${executionId}:sms:0`,
    });
  });
});
