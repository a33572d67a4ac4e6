import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';

/**
 * Twilio's message statuses in the order a message moves through them. Callbacks arrive out of
 * order (and twice); a row only ever moves to a higher rank. delivered, undelivered, failed and
 * canceled are alternative ends; read (WhatsApp) follows delivered.
 */
export const MESSAGE_STATUS_RANK: Readonly<Record<string, number>> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

export type MessageStatusUpdate = {
  /** MessageSid. */
  providerId: string;
  /**
   * The outbox row the callback URL names (its `?key=`, MAC'd by Cauce: `messageStatusKey`): finds
   * a row whose sid is not recorded yet, and only that row moves.
   */
  outbox: { id: string; organizationId: string } | null;
  /** Only this organismo's rows move (the one whose number's key verified the callback); null: any. */
  organizationId?: string | null;
  status: string;
  errorCode: string | null;
};

/**
 * Applies one status callback in a single UPDATE whose WHERE compares ranks, so concurrent and late
 * callbacks can never move a row backwards. Rows in a state outside the table (error, skipped,
 * simulator-only) are left alone. Returns the row when it moved.
 */
export async function applyMessageStatus(
  db: Database,
  update: MessageStatusUpdate,
): Promise<{ id: string; organizationId: string; channel: string; to: string; status: string } | null> {
  const rank = MESSAGE_STATUS_RANK[update.status];
  if (rank === undefined) return null;
  const rankOf = sql.raw(
    `(case om.status ${Object.entries(MESSAGE_STATUS_RANK)
      .map(([status, r]) => `when '${status}' then ${r}`)
      .join(' ')} end)`,
  );
  const { outbox } = update;
  const match = outbox
    ? sql`om.id = ${outbox.id} and om.organization_id = ${outbox.organizationId} and (om.provider_id is null or om.provider_id = ${update.providerId})`
    : sql`om.provider_id = ${update.providerId}`;
  const scope = update.organizationId ? sql`and om.organization_id = ${update.organizationId}` : sql``;
  const error = update.errorCode ? `Twilio ${update.errorCode}` : null;
  const rows = await db.execute<{
    id: string;
    organization_id: string;
    channel: string;
    to: string;
    status: string;
  }>(sql`
    update outbound_message om
    set status = ${update.status},
        provider_id = ${update.providerId},
        error = coalesce(${error}, om.error),
        updated_at = now()
    where ${match}
      ${scope}
      and ${rankOf} < ${rank}
    returning om.id, om.organization_id, om.channel, om.to, om.status`);
  const row = rows[0];
  return row
    ? {
        id: row.id,
        organizationId: row.organization_id,
        channel: row.channel,
        to: row.to,
        status: row.status,
      }
    : null;
}
