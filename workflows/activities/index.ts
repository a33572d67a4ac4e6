import type { Database } from '../../db';
import { createSystemActivities } from './system';

export type ActivityDeps = { db: Database };

/** Activities get their dependencies injected, so tests can observe them. */
export function createActivities(deps: ActivityDeps) {
  return { ...createSystemActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
