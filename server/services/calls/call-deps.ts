import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import type { CallDeps } from './call-turns';

/** The webhooks' dependencies, from the environment as in production (per request: cheap, read once). */
export function callDepsFromEnv(): CallDeps {
  return engineDepsFromEnv();
}
