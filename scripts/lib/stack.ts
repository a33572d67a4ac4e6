import path from 'node:path';
import { createDb } from '../../db';
import { runMigrations } from '../../db/migrate';
import { seedDemo } from '../../db/seed/demo';
import type { Logger } from '../../server/logger';
import { DEV_AUTH_SECRET, devSecretsKey } from '../../server/secrets';
import { startEmbeddedPostgres } from './postgres';
import { type Child, startChild, WORKER_ARGS, waitForHttp } from './processes';
import { resolveTemporalBinary } from './temporal-binary';
import { startTemporalDevServer } from './temporal-dev-server';

type StackOptions = {
  root: string;
  dataDir: string;
  /** persistent: data kept in dataDir (npm run dev); ephemeral: fresh and fast, deleted on stop (tests). */
  persistence: 'persistent' | 'ephemeral';
  ports: { next: number; postgres: number; temporal: number; temporalUi: number | null };
  next: 'dev' | 'start' | null;
  worker: boolean;
  seed: boolean;
  log: Logger;
};

type Stack = {
  env: NodeJS.ProcessEnv;
  url: string;
  temporalUiUrl: string | null;
  stop(): Promise<void>;
};

/**
 * PostgreSQL → migrations → demo seed → Temporal → worker → Next, each skipped when the
 * environment points at an existing one (DATABASE_URL, TEMPORAL_ADDRESS).
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const { log } = opts;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => log.error({ err }, 'stop failed'));
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      log.info('using the PostgreSQL at DATABASE_URL');
    } else {
      const started = performance.now();
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(opts.dataDir, 'postgres'),
        port: opts.ports.postgres,
        database: 'cauce',
        ephemeral: opts.persistence === 'ephemeral',
        log,
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      log.info({ port: opts.ports.postgres, ms: Math.round(performance.now() - started) }, 'postgres ready');
    }

    const { db, sql } = createDb(databaseUrl, { max: 2 });
    try {
      await runMigrations(db);
      log.info('migrations applied');
      if (opts.seed) log.info({ result: await seedDemo(db, log) }, 'demo data');
    } finally {
      await sql.end();
    }

    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | null = process.env.TEMPORAL_UI_URL ?? null;
    if (temporalAddress) {
      log.info({ address: temporalAddress }, 'using the Temporal server at TEMPORAL_ADDRESS');
    } else {
      const started = performance.now();
      const binaryPath = await resolveTemporalBinary({ dataDir: opts.dataDir, log });
      const server = await startTemporalDevServer({
        binaryPath,
        dbFile:
          opts.persistence === 'persistent' ? path.join(opts.dataDir, 'temporal', 'temporal.sqlite') : null,
        port: opts.ports.temporal,
        uiPort: opts.ports.temporalUi,
        log,
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
      log.info({ address: temporalAddress, ms: Math.round(performance.now() - started) }, 'temporal ready');
    }

    const url = process.env.PUBLIC_BASE_URL ?? `http://localhost:${opts.ports.next}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
      TEMPORAL_TASK_QUEUE: process.env.TEMPORAL_TASK_QUEUE ?? 'cauce',
      ...(temporalUiUrl ? { TEMPORAL_UI_URL: temporalUiUrl } : {}),
      BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? DEV_AUTH_SECRET,
      // `next start` runs as production, which requires a key; the worker must use the same one.
      CAUCE_SECRETS_KEY: process.env.CAUCE_SECRETS_KEY ?? devSecretsKey(),
      PUBLIC_BASE_URL: url,
      PORT: String(opts.ports.next),
    };
    const children: Child[] = [];
    if (opts.worker) {
      const worker = startChild({
        name: 'worker',
        command: process.execPath,
        args: [...WORKER_ARGS],
        env: { ...env, CAUCE_SERVICE: 'worker' },
        cwd: opts.root,
        log,
      });
      children.push(worker);
      stops.push(worker.stop);
    }
    if (opts.next) {
      const nextBin = path.join(opts.root, 'node_modules', '.bin', 'next');
      const next = startChild({
        name: 'next',
        command: nextBin,
        args: [opts.next, '--port', String(opts.ports.next), '--hostname', '127.0.0.1'],
        env: { ...env, CAUCE_SERVICE: 'next', ...(opts.next === 'dev' ? { NODE_ENV: 'development' } : {}) },
        cwd: opts.root,
        log,
      });
      children.push(next);
      stops.push(next.stop);
      const started = performance.now();
      await waitForHttp(
        `http://127.0.0.1:${opts.ports.next}/api/health`,
        180_000,
        () => next.process.exitCode !== null,
      );
      log.info({ ms: Math.round(performance.now() - started) }, 'next ready');
    }
    for (const child of children) {
      child.exited
        .then((code) => log.warn({ child: child.name, code }, 'child process exited'))
        .catch(() => {});
    }
    return { env, url, temporalUiUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
