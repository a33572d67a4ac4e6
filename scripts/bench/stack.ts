import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDb } from '../../db';
import { runMigrations } from '../../db/migrate';
import { createLogger } from '../../server/logger';
import { createActivities } from '../../workflows/activities';
import { preloadModules, workflowsPath } from '../../workflows/worker';
import { startEmbeddedPostgres } from '../lib/postgres';
import { resolveTemporalBinary } from '../lib/temporal-binary';
import { freePort, startTemporalDevServer } from '../lib/temporal-dev-server';

/** A private PostgreSQL + Temporal dev server (tuned) + one worker, for benchmarks; logs go to stderr. */
export async function startBenchStack() {
  const log = createLogger('bench', { stderr: true }).child({}, { level: 'warn' });
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => process.stderr.write(`${entry.message}\n`)),
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
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath,
      preloadModules,
      logger: new DefaultLogger('ERROR'),
    }),
    activities: createActivities({ db }),
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  });
  const running = worker.run();
  // The same kind of connection the app's client uses (workflows/client.ts): the SDK's native one.
  const connection = await NativeConnection.connect({ address: temporal.address });
  const client = new Client({ connection });
  return {
    db,
    client,
    taskQueue,
    // For code under test that reads its dependencies from the environment (route handlers).
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await sql.end();
      await temporal.stop();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
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
