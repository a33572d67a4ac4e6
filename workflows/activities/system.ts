import 'server-only';
import { sql } from 'drizzle-orm';
import type { ActivityDeps } from './index';

export function createSystemActivities({ db }: ActivityDeps) {
  return {
    /** Round-trips through PostgreSQL so a ping proves the worker reaches the database too. */
    async recordPing(message: string): Promise<string> {
      const rows = await db.execute<{ now: string }>(sql`select now()::text as now`);
      return `${message} @ ${rows[0]?.now ?? 'unknown'}`;
    },
  };
}
