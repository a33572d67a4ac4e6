import { getDb } from '@/db';
import { getTemporalClient } from '@/workflows/client';
import { checkHealth } from './check-health';

/** The running app's health, with its dependencies taken from the environment. */
export function healthFromEnv() {
  return checkHealth({
    db: getDb(),
    temporal: () => getTemporalClient(),
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'cauce',
    temporalUiUrl: process.env.NODE_ENV === 'production' ? null : (process.env.TEMPORAL_UI_URL ?? null),
  });
}
