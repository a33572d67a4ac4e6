import { getDb } from '@/db';
import { getTemporalClient } from '@/workflows/client';
import type { CallDeps } from './call-turns';

/** The webhooks' dependencies, from the environment as in production (read per request: cheap). */
export function callDepsFromEnv(): CallDeps {
  return {
    db: getDb(),
    temporal: () => getTemporalClient(),
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'cauce',
  };
}
