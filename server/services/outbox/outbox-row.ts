import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { OutboundMessage } from '@/db/schema';
import type { ChannelAdapter } from '@/server/channels/channel-adapter';
import { AppError } from '@/server/errors';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';
import { mayBecome, SEND_ERROR, SEND_REFUSED, SEND_UNKNOWN } from './outbox-status';

export { SEND_ERROR, SEND_REFUSED, SEND_UNKNOWN, SKIPPED_OPT_OUT } from './outbox-status';

export type OutboxValues = typeof schema.outboundMessage.$inferInsert;

/** What a sender of messages or calls needs: the outbox's database and the adapter it sends through. */
export type OutboundDeps = { db: Database; channels: ChannelAdapter };

/**
 * Claims the idempotency key of an outbound message or call before any adapter is called.
 * `fresh` means this caller owns the send. A key whose earlier send ended in SEND_ERROR is claimed
 * again, so an activity retry can still deliver (the one move back the status order allows, as
 * nothing left the building); any other existing row is a duplicate that must not be sent twice.
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
      error: values.error ?? null,
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

/**
 * What one send attempt learned (the adapter's receipt, its error, or that nobody knows), applied
 * only if it moves the row forward (outbox-status.ts): a callback that already moved it further
 * (delivered before the send's own "sent" is written) wins. The provider's id is kept either way.
 * Returns the row's status afterwards (null when there is no such row).
 */
export async function settleOutboxRow(
  db: Database,
  id: string,
  result: { status: string; providerId?: string | null; error?: string | null },
): Promise<string | null> {
  const forward = mayBecome(result.status);
  const providerId =
    result.providerId === undefined
      ? sql`om.provider_id`
      : sql`coalesce(om.provider_id, ${result.providerId})`;
  const rows = await db.execute<{ status: string }>(sql`
    update outbound_message om
    set status = case when ${forward} then ${result.status} else om.status end,
        error = case when ${forward} then ${result.error ?? null} else om.error end,
        provider_id = ${providerId},
        updated_at = now()
    where om.id = ${id}
    returning om.status`);
  return rows[0]?.status ?? null;
}

/**
 * A retry found the row its earlier attempt claimed still `queued`: that attempt died (or timed
 * out) somewhere between the claim and the settle, perhaps after the provider took the message.
 * Nobody knows, so the row becomes `unknown` and is not sent again.
 */
export async function settleUnknownIfUnsettled(db: Database, row: OutboundMessage): Promise<string> {
  if (row.status !== 'queued') return row.status;
  const status = await settleOutboxRow(db, row.id, {
    status: SEND_UNKNOWN,
    error: 'an earlier attempt did not finish: it may have been sent, so it is not sent again',
  });
  return status ?? row.status;
}

/** The adapter's error as the row keeps it. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A send refused before any provider was asked: its destination is outside CAUCE_DIAL_COUNTRIES,
 * or its caller id is not one of the organismo's numbers (SENDER_NOT_OWNED, the type the Twilio
 * path already refuses another organismo's number with).
 */
export type Refusal = { code: 'DESTINATION_NOT_ALLOWED' | 'SENDER_NOT_OWNED'; reason: string };

/** A refused row keeps its code and reason in `error` ("CODE: reason"), so a replay fails the same way. */
export function refusalError(refusal: Refusal): string {
  return `${refusal.code}: ${refusal.reason}`;
}

/** The step's failure for a refusal: retrying cannot change it, so the flow takes its failed port. */
export function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.nonRetryable(refusal.reason, refusal.code);
}

/** Why a replayed send fails without sending: its row was refused, or its outcome is unknown. */
export function replayFailure(row: Pick<OutboundMessage, 'status' | 'error'>): ApplicationFailure | null {
  if (row.status === SEND_REFUSED) {
    const match = /^(DESTINATION_NOT_ALLOWED|SENDER_NOT_OWNED): (.*)$/s.exec(row.error ?? '');
    const code = match?.[1] === 'SENDER_NOT_OWNED' ? 'SENDER_NOT_OWNED' : 'DESTINATION_NOT_ALLOWED';
    return refusalFailure({ code, reason: match?.[2] ?? row.error ?? 'refused' });
  }
  if (row.status === SEND_UNKNOWN) return outcomeUnknown();
  return null;
}

/** The failure of a send whose outcome is unknown: not retried, so nothing is sent twice. */
export function outcomeUnknown(): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    'The provider may have received it (a timeout or a dropped connection): it is not sent again; its status callback, if any, settles it',
    'SEND_OUTCOME_UNKNOWN',
  );
}
