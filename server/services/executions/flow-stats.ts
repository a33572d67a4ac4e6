import { and, eq, gte, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { getFlow } from '@/server/services/flows/flows';

export const STATS_WINDOWS = ['hour', 'day'] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];

const INTERVAL: Record<StatsWindow, string> = { hour: '1 hour', day: '1 day' };

export type FlowStats = {
  window: StatsWindow;
  /** Executions of the flow that started within the window and left at least one trace record. */
  executions: number;
  /** Per step: trace records (a step visited twice in one run counts twice) and distinct executions. */
  steps: { stepId: string; visits: number; executions: number }[];
  /** Per step and port it left by (null: the step ended the run or failed). */
  ports: { stepId: string; port: string | null; count: number }[];
};

/**
 * How many executions went through each step and port of a flow lately, for the canvas overlay.
 * One GROUP BY with grouping sets over the trace, so the three levels come from one scan. Test-phone
 * runs are left out: they run the draft, not what citizens reach.
 */
export async function flowStats(
  db: Database,
  args: { organizationId: string; flowId: string; window: StatsWindow },
): Promise<FlowStats> {
  // Names the flow inside the organismo first: another organismo's flow id is NOT_FOUND, not empty stats.
  await getFlow(db, args.organizationId, args.flowId);
  const t = schema.executionTrace;
  const e = schema.execution;
  const rows = await db
    .select({
      stepId: t.stepId,
      port: t.port,
      byStep: sql<number>`grouping(${t.stepId})`.mapWith(Number),
      byPort: sql<number>`grouping(${t.port})`.mapWith(Number),
      visits: sql<number>`count(*)`.mapWith(Number),
      executions: sql<number>`count(distinct ${t.executionId})`.mapWith(Number),
    })
    .from(t)
    .innerJoin(e, and(eq(e.id, t.executionId), eq(e.organizationId, t.organizationId)))
    .where(
      and(
        eq(t.organizationId, args.organizationId),
        eq(e.organizationId, args.organizationId),
        eq(e.flowId, args.flowId),
        eq(e.test, false),
        gte(e.startedAt, sql`now() - ${sql.raw(`interval '${INTERVAL[args.window]}'`)}`),
      ),
    )
    .groupBy(sql`grouping sets ((${t.stepId}, ${t.port}), (${t.stepId}), ())`);
  const stats: FlowStats = { window: args.window, executions: 0, steps: [], ports: [] };
  for (const r of rows) {
    // grouping() is 1 for a column rolled up in that row's set.
    if (r.byStep === 1) stats.executions = r.executions;
    else if (r.byPort === 1)
      stats.steps.push({ stepId: r.stepId, visits: r.visits, executions: r.executions });
    else stats.ports.push({ stepId: r.stepId, port: r.port, count: r.visits });
  }
  stats.steps.sort((a, b) => a.stepId.localeCompare(b.stepId));
  stats.ports.sort((a, b) => a.stepId.localeCompare(b.stepId) || (a.port ?? '').localeCompare(b.port ?? ''));
  return stats;
}
