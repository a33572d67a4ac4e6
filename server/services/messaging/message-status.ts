import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { MESSAGE_STATUS_ORDER, mayBecome } from '@/server/services/outbox/outbox-status';

/** Twilio's message statuses in the order a message moves through them (server/services/outbox/outbox-status.ts). */
export const MESSAGE_STATUS_RANK = MESSAGE_STATUS_ORDER;

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
 * Applies one status callback in a single UPDATE whose WHERE allows only forward moves (mayBecome),
 * so concurrent and late callbacks can never move a row backwards. Rows in a state outside the
 * order (error, skipped, refused) are left alone; an unknown one is settled. Returns the row when it moved.
 */
export async function applyMessageStatus(
  db: Database,
  update: MessageStatusUpdate,
): Promise<{ id: string; organizationId: string; channel: string; to: string; status: string } | null> {
  if (MESSAGE_STATUS_RANK[update.status] === undefined) return null;
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
      and ${mayBecome(update.status)}
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
