import { and, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { OutboundMessage } from '@/db/schema';
import type { ChannelAdapter } from '@/server/channels/channel-adapter';
import { AppError } from '@/server/errors';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';

export type OutboxValues = typeof schema.outboundMessage.$inferInsert;

/** What a sender of messages or calls needs: the outbox's database and the adapter it sends through. */
export type OutboundDeps = { db: Database; channels: ChannelAdapter };

/** Status of a row whose adapter threw: nothing left the building, so a retry may send it. */
export const SEND_ERROR = 'error';

/**
 * Claims the idempotency key of an outbound message or call before any adapter is called.
 * `fresh` means this caller owns the send. A key whose earlier send ended in SEND_ERROR is claimed
 * again, so an activity retry can still deliver; any other existing row is
 * a duplicate that must not be sent twice.
 */
export async function claimOutboxRow(
  db: Database,
  values: OutboxValues,
): Promise<{ fresh: true; id: string } | { fresh: false; row: OutboundMessage }> {
  if (values.executionId)
    await refuseForeignExecution(db, {
      executionId: values.executionId,
      organizationId: values.organizationId,
    });
  const [inserted] = await db
    .insert(schema.outboundMessage)
    .values(values)
    .onConflictDoNothing({ target: schema.outboundMessage.idempotencyKey })
    .returning({ id: schema.outboundMessage.id });
  if (inserted) return { fresh: true, id: inserted.id };

  const key = eq(schema.outboundMessage.idempotencyKey, values.idempotencyKey);
  const [reclaimed] = await db
    .update(schema.outboundMessage)
    .set({
      status: values.status ?? 'queued',
      adapter: values.adapter,
      error: null,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        key,
        eq(schema.outboundMessage.status, SEND_ERROR),
        eq(schema.outboundMessage.organizationId, values.organizationId),
      ),
    )
    .returning({ id: schema.outboundMessage.id });
  if (reclaimed) return { fresh: true, id: reclaimed.id };

  const row = await db.query.outboundMessage.findFirst({ where: key });
  if (!row) throw new Error(`outbound message ${values.idempotencyKey} vanished while being claimed`);
  if (row.organizationId !== values.organizationId) {
    throw new AppError('INVALID_INPUT', 'The idempotency key belongs to another organismo');
  }
  return { fresh: false, row };
}

export async function settleOutboxRow(
  db: Database,
  id: string,
  result: { status: string; providerId?: string | null; error?: string | null },
): Promise<void> {
  await db
    .update(schema.outboundMessage)
    .set({
      status: result.status,
      ...(result.providerId === undefined ? {} : { providerId: result.providerId }),
      error: result.error ?? null,
      updatedAt: sql`now()`,
    })
    .where(eq(schema.outboundMessage.id, id));
}

/** The adapter's error as the row keeps it. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
