import { and, asc, eq, lt, lte, ne, or, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { InboundMessageRow } from '@/db/schema';
import { settings } from '@/server/env';

const BASE_BACKOFF_MS = 1000;
export const INBOX_MAX_BACKOFF_MS = 30_000;

export type InboxEntry = {
  organizationId: string;
  messageSid: string;
  from: string;
  to: string;
  body: string;
};

/**
 * Stores an inbound message before anything is done with it. A MessageSid already stored (Twilio
 * retrying or replaying the webhook) is not stored again: the existing row is returned.
 */
export async function storeInboundMessage(
  db: Database,
  entry: InboxEntry,
): Promise<{ row: InboundMessageRow; duplicate: boolean }> {
  const [inserted] = await db
    .insert(schema.inboundMessage)
    .values({
      organizationId: entry.organizationId,
      messageSid: entry.messageSid,
      fromAddress: entry.from,
      toAddress: entry.to,
      body: entry.body,
    })
    .onConflictDoNothing({ target: schema.inboundMessage.messageSid })
    .returning();
  if (inserted) return { row: inserted, duplicate: false };
  const existing = await db.query.inboundMessage.findFirst({
    where: eq(schema.inboundMessage.messageSid, entry.messageSid),
  });
  if (!existing) throw new Error(`inbound message ${entry.messageSid} neither inserted nor found`);
  return { row: existing, duplicate: true };
}

/**
 * Takes a message for one delivery attempt: only a pending one, or one whose last attempt's lease
 * ran out (the process died mid-attempt). Null when it is delivered or another attempt holds it.
 */
export async function claimInboundMessage(
  db: Database,
  ref: { id: string; organizationId: string },
): Promise<InboundMessageRow | null> {
  const t = schema.inboundMessage;
  const [row] = await db
    .update(t)
    .set({
      state: 'delivering',
      attempts: sql`${t.attempts} + 1`,
      // How long this attempt holds it: past it (the process died mid-attempt) another may take it.
      leaseUntil: sql`now() + make_interval(secs => ${settings().INBOX_LEASE_SECONDS})`,
    })
    .where(
      and(
        eq(t.id, ref.id),
        eq(t.organizationId, ref.organizationId),
        or(eq(t.state, 'pending'), and(eq(t.state, 'delivering'), lt(t.leaseUntil, sql`now()`))),
      ),
    )
    .returning();
  return row ?? null;
}

/** Marks a claimed message delivered, with what delivery did; `db` may be the transaction that did it. */
export async function markInboundDelivered(
  db: Pick<Database, 'update'>,
  ref: { id: string; organizationId: string },
  outcome: string,
): Promise<void> {
  const t = schema.inboundMessage;
  await db
    .update(t)
    .set({ state: 'delivered', outcome, deliveredAt: sql`now()`, leaseUntil: null, lastError: null })
    .where(and(eq(t.id, ref.id), eq(t.organizationId, ref.organizationId)));
}

export async function isDelivered(
  db: Database,
  ref: { id: string; organizationId: string },
): Promise<boolean> {
  const t = schema.inboundMessage;
  const row = await db.query.inboundMessage.findFirst({
    where: and(eq(t.id, ref.id), eq(t.organizationId, ref.organizationId)),
    columns: { state: true },
  });
  return row?.state === 'delivered';
}

/** Gives a failed attempt's message back to the queue, due again after a backoff that grows per attempt. */
export async function markInboundFailed(
  db: Database,
  row: Pick<InboundMessageRow, 'id' | 'organizationId' | 'attempts'>,
  err: unknown,
  maxBackoffMs = INBOX_MAX_BACKOFF_MS,
): Promise<void> {
  const t = schema.inboundMessage;
  const backoffMs = Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, row.attempts - 1), maxBackoffMs);
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  await db
    .update(t)
    .set({
      state: 'pending',
      lastError: message.slice(0, 1000),
      leaseUntil: null,
      nextAttemptAt: sql`now() + make_interval(secs => ${backoffMs / 1000})`,
    })
    .where(and(eq(t.id, row.id), eq(t.organizationId, row.organizationId), eq(t.state, 'delivering')));
}

/**
 * Messages due for delivery, oldest first, across organismos: the delivery runner's queue (it then
 * claims each one under its own organismo).
 */
export async function dueInboundMessages(
  db: Database,
  limit: number,
): Promise<{ id: string; organizationId: string }[]> {
  const t = schema.inboundMessage;
  return db
    .select({ id: t.id, organizationId: t.organizationId })
    .from(t)
    .where(
      and(
        ne(t.state, 'delivered'),
        lte(t.nextAttemptAt, sql`now()`),
        or(eq(t.state, 'pending'), lt(t.leaseUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(t.receivedAt))
    .limit(limit);
}
