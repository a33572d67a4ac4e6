import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../db';
import { runMigrations } from '../../db/migrate';
import { createLogger } from '../../server/logger';
import { preloadModules, workflowsPath } from '../../workflows/worker';
import { startEmbeddedPostgres } from '../lib/postgres';
import { resolveTemporalBinary } from '../lib/temporal-binary';
import { freePort, startTemporalDevServer } from '../lib/temporal-dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

const root = path.resolve(__dirname, '..', '..');

/**
 * Real parts for every test file: one ephemeral PostgreSQL (migrated), one in-memory Temporal dev
 * server, and the workflow bundle built once. DATABASE_URL / TEMPORAL_ADDRESS point at existing ones.
 */
export default async function setup(project: TestProject) {
  const log = createLogger('test-setup');
  const runDir = path.join(root, '.data', `test-run-${process.pid}`);
  await mkdir(runDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(runDir, 'postgres'),
      port: await freePort(),
      database: 'cauce_test',
      ephemeral: true,
      log,
    });
    stops.push(pg.stop);
    databaseUrl = pg.url;
  }
  const { db, sql } = createDb(databaseUrl, { max: 1 });
  await runMigrations(db);
  await sql.end();

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const server = await startTemporalDevServer({
      binaryPath: await resolveTemporalBinary({ dataDir: path.join(root, '.data'), log }),
      dbFile: null,
      port: await freePort(),
      uiPort: null,
      log,
    });
    stops.push(server.stop);
    temporalAddress = server.address;
  }

  const bundle = await bundleWorkflowCode({ workflowsPath, preloadModules, logger: quietBundlerLogger });
  const workflowBundlePath = path.join(runDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporalAddress);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    for (const stop of stops.reverse()) await stop();
    await rm(runDir, { recursive: true, force: true });
  };
}

const noop = () => {};
const quietBundlerLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: console.error,
  log: noop,
};
