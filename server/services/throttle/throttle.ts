import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';

export type ThrottleRule = { max: number; windowMs: number };

export type ThrottleResult = {
  allowed: boolean;
  /** The attempts counted in this window, this one included. */
  count: number;
  windowStart: Date;
  /** Whole seconds until the window ends (at least 1): the Retry-After of a refusal. */
  retryAfterSeconds: number;
};

const t = schema.requestThrottle;

/**
 * Counts one attempt against `key` in a fixed window and says whether it is within `max`. One
 * atomic upsert, so replicas sharing the database share the count and concurrent attempts cannot
 * both see the last free slot. A refused attempt counts too (it changes nothing: the window is fixed).
 */
export async function consumeThrottle(
  db: Database,
  key: string,
  rule: ThrottleRule,
): Promise<ThrottleResult> {
  const expired = sql`${t.expiresAt} <= now()`;
  // Milliseconds, as a JS Date holds them, so refundThrottle can name the window it was given.
  const start = sql`date_trunc('milliseconds', now())`;
  const newExpiry = sql`now() + ${rule.windowMs} * interval '1 millisecond'`;
  const [row] = await db
    .insert(t)
    .values({ key, windowStart: start, count: 1, expiresAt: newExpiry })
    .onConflictDoUpdate({
      target: t.key,
      // Every expression reads the row as it was, so the three agree on whether the window ended.
      set: {
        count: sql`case when ${expired} then 1 else ${t.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${start} else ${t.windowStart} end`,
        expiresAt: sql`case when ${expired} then ${newExpiry} else ${t.expiresAt} end`,
      },
    })
    .returning({
      count: t.count,
      windowStart: t.windowStart,
      retryAfterMs: sql<string>`extract(epoch from (${t.expiresAt} - now())) * 1000`,
    });
  if (!row) throw new Error('throttle upsert returned nothing');
  // A new window is the moment to drop the windows that ended (bounded by the expiry index).
  if (row.count === 1) await db.delete(t).where(lt(t.expiresAt, sql`now() - interval '1 minute'`));
  return {
    allowed: row.count <= rule.max,
    count: row.count,
    windowStart: row.windowStart,
    retryAfterSeconds: Math.max(1, Math.ceil(Number(row.retryAfterMs) / 1000)),
  };
}

/**
 * Gives back an attempt counted by consumeThrottle, in the window it was counted in (a window that
 * has started over since is left alone). Only that one attempt: never anyone else's.
 */
export async function refundThrottle(db: Database, key: string, windowStart: Date): Promise<void> {
  await db
    .update(t)
    .set({ count: sql`${t.count} - 1` })
    .where(and(eq(t.key, key), eq(t.windowStart, windowStart), gt(t.count, 0)));
}
