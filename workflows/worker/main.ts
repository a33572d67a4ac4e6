import { type LogLevel, Runtime } from '@temporalio/worker';
import { createDb } from '../../db';
import { settings, temporalSettings } from '../../server/env';
import { createLogger } from '../../server/logger';
import { startInboxRunner } from '../../server/services/messaging/inbox-runner';
import { getTemporalClient } from '../client';
import { createWorker } from '.';
import { ensureRetentionSchedule } from './retention-schedule';

const log = createLogger('worker');

const LEVELS = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const satisfies Record<LogLevel, string>;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  Runtime.install({
    logger: {
      log: (level, message, meta) => log[LEVELS[level]]({ ...meta }, message),
      trace: (m, meta) => log.trace({ ...meta }, m),
      debug: (m, meta) => log.debug({ ...meta }, m),
      info: (m, meta) => log.info({ ...meta }, m),
      warn: (m, meta) => log.warn({ ...meta }, m),
      error: (m, meta) => log.error({ ...meta }, m),
    },
  });
  const { db, sql } = createDb(url);
  const taskQueue = settings().TEMPORAL_TASK_QUEUE;
  const temporal = temporalSettings();
  const { worker, connection } = await createWorker({ temporal, taskQueue, db });
  // Delivers the inbound messages the webhook stored but could not deliver (Temporal down, slow).
  const inbox = startInboxRunner({ db, temporal: () => getTemporalClient(temporal), taskQueue });
  const schedule = await ensureRetentionSchedule(await getTemporalClient(temporal), {
    taskQueue,
    timeZone: settings().CAUCE_DEFAULT_TIME_ZONE,
  });
  log.info({ schedule }, 'retention purge schedule ensured');
  log.info({ taskQueue }, 'worker polling');
  try {
    await worker.run();
  } finally {
    await inbox.stop();
  }
  await connection.close();
  await sql.end();
  log.info('worker stopped');
}

main().catch((err: unknown) => {
  log.error({ err }, 'worker failed');
  process.exit(1);
});
