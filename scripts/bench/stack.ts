import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDb, type Database } from '../../db';
import { runMigrations } from '../../db/migrate';
import { createLogger } from '../../server/logger';
import { devSecretsKey } from '../../server/secrets';
import { createActivities } from '../../workflows/activities';
import { dataConverter } from '../../workflows/client';
import { preloadModules, workflowsPath } from '../../workflows/worker';
import { startEmbeddedPostgres } from '../lib/postgres';
import { cpuProfileArgs, startChild, WORKER_ARGS } from '../lib/processes';
import { resolveTemporalBinary } from '../lib/temporal-binary';
import { freePort, startTemporalDevServer } from '../lib/temporal-dev-server';

/**
 * A private PostgreSQL + Temporal dev server (tuned) + one worker, for benchmarks; logs go to stderr.
 * `worker: 'process'` runs the worker as its own process (workflows/worker/main.ts, as `npm run dev`
 * and production do) instead of on the bench's event loop, beside the simulated callers.
 */
export async function startBenchStack(opts: { worker?: 'in-process' | 'process' } = {}) {
  const log = createLogger('bench', { stderr: true }).child({}, { level: 'warn' });
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) =>
      process.stderr.write(
        `${entry.message}${process.env.BENCH_DEBUG ? ` ${JSON.stringify(entry.meta)}` : ''}\n`,
      ),
    ),
  });
  const root = path.resolve(__dirname, '..', '..');
  // Under .data, not /tmp: PostgreSQL runs as its own user and cannot enter a 0700 temp dir of root's.
  const dir = path.join(root, '.data', `bench-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
    ephemeral: true,
    log,
  });
  const { db, sql } = createDb(pg.url, { max: 20 });
  await runMigrations(db);
  const temporal = await startTemporalDevServer({
    binaryPath: await resolveTemporalBinary({ dataDir: path.join(root, '.data'), log }),
    dbFile: null,
    port: await freePort(),
    uiPort: null,
    log,
  });
  const taskQueue = 'bench';
  // The same kind of connection the app's client uses (workflows/client.ts): the SDK's native one.
  const connection = await NativeConnection.connect({ address: temporal.address });
  const client = new Client({ connection, dataConverter: dataConverter() });
  const worker =
    opts.worker === 'process'
      ? await startWorkerProcess({
          root,
          databaseUrl: pg.url,
          connection,
          temporalAddress: temporal.address,
          taskQueue,
        })
      : await startInProcessWorker({ temporalAddress: temporal.address, taskQueue, db });
  return {
    db,
    client,
    taskQueue,
    // For code under test that reads its dependencies from the environment (route handlers).
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    async stop() {
      await worker.stop();
      await connection.close();
      await sql.end();
      await temporal.stop();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type BenchWorker = { stop(): Promise<void> };

async function startInProcessWorker(opts: {
  temporalAddress: string;
  taskQueue: string;
  db: Database;
}): Promise<BenchWorker> {
  const { taskQueue, db } = opts;
  const nativeConnection = await NativeConnection.connect({ address: opts.temporalAddress });
  const client = new Client({ connection: nativeConnection, dataConverter: dataConverter() });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath,
      preloadModules,
      logger: new DefaultLogger('ERROR'),
    }),
    activities: createActivities({
      db,
      // Campaign activities start executions on this server, not on the environment's.
      engine: () => ({ temporal: async () => client, taskQueue }),
    }),
    dataConverter: dataConverter(),
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
    },
  };
}

/** workflows/worker/main.ts as a child process; resolves once it polls the task queue. */
async function startWorkerProcess(opts: {
  root: string;
  databaseUrl: string;
  connection: NativeConnection;
  temporalAddress: string;
  taskQueue: string;
}): Promise<BenchWorker> {
  // BENCH_WORKER_PROF=<dir> writes the worker's CPU profiles (one per thread) there.
  const child = startChild({
    name: 'worker',
    command: process.execPath,
    args: [...cpuProfileArgs(process.env.BENCH_WORKER_PROF), ...WORKER_ARGS],
    cwd: opts.root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // Production settings require it; the bench's worker sends nothing that calls back.
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
      CAUCE_SERVICE: 'worker',
      CAUCE_SECRETS_KEY: process.env.CAUCE_SECRETS_KEY ?? devSecretsKey(),
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
    },
    onLine: (line) => process.stderr.write(`[worker] ${line}\n`),
    killAfterMs: 15_000,
  });
  // The server is the bench's own: any poller on the task queue is this worker.
  for (;;) {
    const { pollers } = await opts.connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: opts.taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (pollers.length > 0) break;
    if (child.process.exitCode !== null)
      throw new Error(`the bench worker exited (${child.process.exitCode}) before polling`);
    await sleep(200);
  }
  return child;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `total` tasks keeping `concurrency` in flight; returns tasks completed per second. */
export async function closedLoop(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await task(i);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}
