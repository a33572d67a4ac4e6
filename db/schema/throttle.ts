import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Fixed-window counters Cauce keeps itself (server/services/throttle): per API key requests, per
 * account failed sign-ins. Not better-auth's rate_limit: it prunes every row older than its longest
 * window (60 s), which would erase a 15-minute account window.
 */
export const requestThrottle = pgTable(
  'request_throttle',
  {
    /** What is counted, e.g. `api:<key id>`, `sign-in:<email hash>`. */
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('request_throttle_expires_idx').on(t.expiresAt)],
);

export type RequestThrottle = typeof requestThrottle.$inferSelect;
