import { settings } from '@/server/env';
import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import { checkHealth } from './check-health';

/** The running app's health, with its dependencies taken from the environment. */
export function healthFromEnv() {
  const s = settings();
  const { db, temporal, taskQueue } = engineDepsFromEnv();
  return checkHealth({
    db,
    temporal,
    namespace: s.TEMPORAL_NAMESPACE,
    taskQueue,
    temporalUiUrl: s.NODE_ENV === 'production' ? null : (s.TEMPORAL_UI_URL ?? null),
  });
}
