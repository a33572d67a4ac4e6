import type { Client } from '@temporalio/client';
import { getDb } from '@/db';
import { settings, temporalSettings } from '@/server/env';
import { getTemporalClient } from '@/workflows/client';
import type { EngineDeps } from './start-execution';

/** The app's own: the process's pool and Temporal client, and the task queue from the environment. */
export function engineDepsFromEnv(): EngineDeps {
  return { db: getDb(), temporal: appTemporalClient, taskQueue: settings().TEMPORAL_TASK_QUEUE };
}

/** The process-wide Temporal client, connected as the environment says. */
export function appTemporalClient(): Promise<Client> {
  return getTemporalClient(temporalSettings());
}
