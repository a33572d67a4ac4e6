import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { flowStats } from './flow-stats';

const db = testDb();
const MIN = 60_000;

/** Inserts an execution that started `ago` ms back, with one trace record per [stepId, port]. */
async function run(
  t: Tenant,
  ago: number,
  steps: [string, string | null][],
  extra: { test?: boolean; flowId?: string } = {},
) {
  const id = `exec-${randomUUID()}`;
  const startedAt = new Date(Date.now() - ago);
  await db.insert(schema.execution).values({
    id,
    organizationId: t.org.id,
    flowId: extra.flowId ?? t.flow.id,
    versionId: 'v1',
    workflowId: id,
    channel: 'voice',
    status: 'completed',
    test: extra.test ?? false,
    startedAt,
  });
  await db.insert(schema.executionTrace).values(
    steps.map(([stepId, port], seq) => ({
      executionId: id,
      seq,
      organizationId: t.org.id,
      stepId,
      kind: 'say',
      port,
      at: new Date(startedAt.getTime() + seq * 1000),
    })),
  );
  return id;
}

describe('flow stats', () => {
  let t: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    t = await createTenant(db, 'Stats');
    other = await createTenant(db, 'StatsOther');
    // Within the hour: one run repeats the menu once, one hangs up at the menu.
    await run(t, 10 * MIN, [
      ['start', 'next'],
      ['menu', 'repeat'],
      ['menu', 'opt_1'],
      ['turnos', 'done'],
      ['fin', null],
    ]);
    await run(t, 40 * MIN, [
      ['start', 'next'],
      ['menu', 'no_input'],
    ]);
    // Within the day only.
    await run(t, 5 * 60 * MIN, [
      ['start', 'next'],
      ['menu', 'opt_2'],
    ]);
    // Never counted: older than a day, a test-phone run, and the same step ids in another organismo's flow.
    await run(t, 26 * 60 * MIN, [['start', 'next']]);
    await run(t, 1 * MIN, [['start', 'next']], { test: true });
    await run(other, 1 * MIN, [['start', 'next']], { flowId: other.flow.id });
  });
  afterAll(closeTestDb);

  it('counts visits per step and per port within the last hour', async () => {
    const stats = await flowStats(db, { organizationId: t.org.id, flowId: t.flow.id, window: 'hour' });
    expect(stats.executions).toBe(2);
    expect(stats.steps).toEqual([
      { stepId: 'fin', visits: 1, executions: 1 },
      { stepId: 'menu', visits: 3, executions: 2 },
      { stepId: 'start', visits: 2, executions: 2 },
      { stepId: 'turnos', visits: 1, executions: 1 },
    ]);
    expect(stats.ports).toEqual([
      { stepId: 'fin', port: null, count: 1 },
      { stepId: 'menu', port: 'no_input', count: 1 },
      { stepId: 'menu', port: 'opt_1', count: 1 },
      { stepId: 'menu', port: 'repeat', count: 1 },
      { stepId: 'start', port: 'next', count: 2 },
      { stepId: 'turnos', port: 'done', count: 1 },
    ]);
  });

  it('widens to the last day, and stays empty for a flow with no recent runs', async () => {
    const day = await flowStats(db, { organizationId: t.org.id, flowId: t.flow.id, window: 'day' });
    expect(day.executions).toBe(3);
    expect(day.steps.find((s) => s.stepId === 'start')).toEqual({
      stepId: 'start',
      visits: 3,
      executions: 3,
    });
    expect(day.ports.find((p) => p.port === 'opt_2')).toEqual({ stepId: 'menu', port: 'opt_2', count: 1 });
    const [quiet] = await db
      .insert(schema.flow)
      .values({ organizationId: t.org.id, name: 'Sin uso', draft: { nodes: [], edges: [], notes: [] } })
      .returning();
    if (!quiet) throw new Error('flow insert returned nothing');
    expect(await flowStats(db, { organizationId: t.org.id, flowId: quiet.id, window: 'day' })).toEqual({
      window: 'day',
      executions: 0,
      steps: [],
      ports: [],
    });
  });

  it('is served by tRPC to supervisors, refused to agents, and NOT_FOUND across organismos', async () => {
    const stats = await callerFor(db, t, 'supervisor').executions.flowStats({
      flowId: t.flow.id,
      window: 'hour',
    });
    expect(stats.executions).toBe(2);
    await expect(
      callerFor(db, t, 'agent').executions.flowStats({ flowId: t.flow.id, window: 'hour' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(db, other, 'all').executions.flowStats({ flowId: t.flow.id, window: 'day' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
