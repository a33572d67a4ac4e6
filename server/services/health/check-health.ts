import 'server-only';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { migrationStatus } from '@/db/migrate';

type CheckStatus = 'ok' | 'down';
type Check = { status: CheckStatus; ms: number; detail: string };
export type HealthReport = {
  status: 'ok' | 'degraded' | 'down';
  checkedAt: string;
  checks: { postgres: Check; migrations: Check; temporal: Check; worker: Check };
  temporalUiUrl: string | null;
};

const TIMEOUT_MS = 3000;

/** PostgreSQL, migrations, Temporal and the worker's pollers, each checked with a timeout. */
export async function checkHealth(deps: {
  db: Database;
  temporal: () => Promise<Client>;
  namespace: string;
  taskQueue: string;
  temporalUiUrl: string | null;
}): Promise<HealthReport> {
  const [postgres, migrations, temporalCheck, worker] = await Promise.all([
    timed(async () => {
      await deps.db.execute(sql`select 1`);
      return 'select 1';
    }),
    timed(async () => {
      const s = await migrationStatus(deps.db);
      if (s.pending.length > 0) throw new Error(`pending: ${s.pending.join(', ')}`);
      return `${s.applied}/${s.expected}`;
    }),
    timed(async () => {
      const client = await deps.temporal();
      await client.workflowService.describeNamespace({ namespace: deps.namespace });
      return deps.namespace;
    }),
    timed(async () => {
      const client = await deps.temporal();
      const res = await client.workflowService.describeTaskQueue({
        namespace: deps.namespace,
        taskQueue: { name: deps.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const pollers = res.pollers?.length ?? 0;
      if (pollers === 0) throw new Error(`no pollers on task queue ${deps.taskQueue}`);
      return `${pollers} poller(s) on ${deps.taskQueue}`;
    }),
  ]);
  const checks = { postgres, migrations, temporal: temporalCheck, worker };
  const downs = Object.values(checks).filter((c) => c.status === 'down').length;
  const status = downs === 0 ? 'ok' : postgres.status === 'down' ? 'down' : 'degraded';
  return { status, checkedAt: new Date().toISOString(), checks, temporalUiUrl: deps.temporalUiUrl };
}

async function timed(fn: () => Promise<string>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', ms: Math.round(performance.now() - started), detail };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { status: 'down', ms: Math.round(performance.now() - started), detail };
  } finally {
    clearTimeout(timer);
  }
}
