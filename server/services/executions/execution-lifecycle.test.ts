import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { TraceRecord } from '@/lib/contracts/execution';
import { type FlowProgram, IR_VERSION } from '@/lib/contracts/program';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { closeExecution, openExecution, recordTrace } from './execution-lifecycle';
import { loadSubflow } from './load-subflow';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Exec');
});
afterAll(closeTestDb);

const trace = (seq: number, stepId: string, port: string | null = 'next'): TraceRecord => ({
  seq,
  stepId,
  kind: 'say',
  at: new Date(Date.UTC(2026, 4, 18, 12, 0, seq)).toISOString(),
  port,
  changed: seq === 2 ? { 'vars.x': 1 } : {},
});

const open = (executionId: string, extra: Partial<Parameters<typeof openExecution>[1]> = {}) =>
  openExecution(db, {
    executionId,
    organizationId: t.org.id,
    flowId: t.flow.id,
    versionId: 'v-1',
    channel: 'voice',
    contactRef: '+5493515550000',
    citizenId: null,
    test: false,
    ...extra,
  });

const row = (id: string) => db.query.execution.findFirst({ where: eq(schema.execution.id, id) });

describe('execution lifecycle', () => {
  it('an upsert for another organismo never moves or rewrites the execution (issue 14.8)', async () => {
    const other = await createTenant(db, 'ExecOther');
    const id = `exec-${randomUUID()}`;
    await open(id);
    // Refused, not silently ignored: the activity fails instead of running on as if it had opened it.
    await expect(
      open(id, { organizationId: other.org.id, flowId: other.flow.id, contactRef: '+5493515559999' }),
    ).rejects.toThrow(/not an execution of this organismo/);
    expect(await row(id)).toMatchObject({ organizationId: t.org.id, contactRef: '+5493515550000' });
  });

  it('opens, traces and closes an execution', async () => {
    const id = `exec-${randomUUID()}`;
    await open(id, { workflowId: `call-${id}` });
    expect(await row(id)).toMatchObject({
      organizationId: t.org.id,
      flowId: t.flow.id,
      versionId: 'v-1',
      workflowId: `call-${id}`,
      channel: 'voice',
      status: 'running',
      contactRef: '+5493515550000',
      endedAt: null,
    });
    await recordTrace(db, {
      executionId: id,
      organizationId: t.org.id,
      records: [trace(1, 'hola'), trace(2, 'menu')],
    });
    // Closing it as another organismo finds nothing: the execution stays running.
    const other = await createTenant(db, 'ExecCloser');
    expect(
      await closeExecution(db, {
        executionId: id,
        organizationId: other.org.id,
        status: 'failed',
        outcome: null,
        error: null,
        variables: {},
      }),
    ).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'running' });
    const ok = await closeExecution(db, {
      executionId: id,
      organizationId: t.org.id,
      status: 'completed',
      outcome: 'resuelto',
      error: null,
      variables: { vars: { x: 1 } },
    });
    expect(ok).toBe(true);
    expect(await row(id)).toMatchObject({
      status: 'completed',
      outcome: 'resuelto',
      variables: { vars: { x: 1 } },
      endedAt: expect.any(Date),
    });
    const steps = await db
      .select()
      .from(schema.executionTrace)
      .where(eq(schema.executionTrace.executionId, id))
      .orderBy(asc(schema.executionTrace.seq));
    expect(steps.map((s) => [s.seq, s.stepId, s.port, s.changed])).toEqual([
      [1, 'hola', 'next', {}],
      [2, 'menu', 'next', { 'vars.x': 1 }],
    ]);
  });

  it('ignores a retried trace batch', async () => {
    const id = `exec-${randomUUID()}`;
    await open(id);
    const batch = { executionId: id, organizationId: t.org.id, records: [trace(1, 'a'), trace(2, 'b')] };
    await recordTrace(db, batch);
    await recordTrace(db, batch);
    await recordTrace(db, { ...batch, records: [trace(2, 'b'), trace(3, 'c', null)] });
    expect(await db.$count(schema.executionTrace, eq(schema.executionTrace.executionId, id))).toBe(3);
  });

  it('keeps trace that arrives before the execution is opened, and open fills the row in', async () => {
    const id = `exec-${randomUUID()}`;
    await recordTrace(db, { executionId: id, organizationId: t.org.id, records: [trace(1, 'inicio')] });
    expect(await row(id)).toMatchObject({ status: 'running', channel: 'unknown', workflowId: id });
    await open(id);
    expect(await row(id)).toMatchObject({ channel: 'voice', versionId: 'v-1', flowId: t.flow.id });
    expect(await db.$count(schema.executionTrace, eq(schema.executionTrace.executionId, id))).toBe(1);
  });

  it('does not link a flow of another organismo, a made-up flow, or a citizen id that is not one', async () => {
    const other = await createTenant(db, 'ExecOther');
    const foreign = `exec-${randomUUID()}`;
    await open(foreign, { flowId: other.flow.id, citizenId: 'contact-17' });
    expect(await row(foreign)).toMatchObject({ flowId: null, citizenId: null });
    const draft = `exec-${randomUUID()}`;
    await open(draft, { flowId: 'test-flow', test: true });
    expect(await row(draft)).toMatchObject({ flowId: null, test: true });
  });

  it('reports closing an execution that does not exist', async () => {
    const closed = await closeExecution(db, {
      executionId: `nope-${randomUUID()}`,
      organizationId: t.org.id,
      status: 'failed',
      outcome: 'x',
      error: 'x',
      variables: {},
    });
    expect(closed).toBe(false);
  });
});

describe('loadSubflow', () => {
  const program = (version: number): FlowProgram => ({
    irVersion: IR_VERSION,
    flowId: t.flow.id,
    versionId: `v${version}`,
    organizationId: t.org.id,
    hash: `h${version}`,
    entry: 'start',
    trigger: { kind: 'trigger_subflow', config: {} },
    steps: { start: { kind: 'end', config: { outcome: `v${version}` }, next: {} } },
    variables: [],
  });

  beforeAll(async () => {
    for (const version of [1, 2, 3]) {
      await db.insert(schema.flowVersion).values({
        organizationId: t.org.id,
        flowId: t.flow.id,
        version,
        graph: { nodes: [], edges: [], notes: [] },
        program: program(version),
        hash: `h${version}`,
      });
    }
  });

  it("loads the latest or a given version of the organismo's flow", async () => {
    expect(
      (await loadSubflow(db, { organizationId: t.org.id, flowId: t.flow.id, version: 'latest' })).hash,
    ).toBe('h3');
    expect(await loadSubflow(db, { organizationId: t.org.id, flowId: t.flow.id, version: 2 })).toEqual(
      program(2),
    );
  });

  it('refuses a missing version, a flow of another organismo and an id that is not one', async () => {
    const other = await createTenant(db, 'SubOther');
    await expect(
      loadSubflow(db, { organizationId: t.org.id, flowId: t.flow.id, version: 9 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      loadSubflow(db, { organizationId: other.org.id, flowId: t.flow.id, version: 'latest' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      loadSubflow(db, { organizationId: t.org.id, flowId: 'otro', version: 'latest' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
