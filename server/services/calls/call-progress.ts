import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import type { CallOutcome } from '@/lib/contracts/engine-activities';
import { CALL_STATUS_ORDER, mayBecome } from '@/server/services/outbox/outbox-status';

/**
 * An outbound call's outbox row moves through Twilio's progress statuses to one outcome (the
 * place-outbound-call node's port), and never back: callbacks arrive late, twice and out of order.
 * The order is server/services/outbox/outbox-status.ts (CALL_STATUS_ORDER). The outcome is written
 * by the execution that decided it, so the row and the port always agree.
 */
export const CALL_PROGRESS_RANK = CALL_STATUS_ORDER;

const PROGRESS = new Set(['queued', 'initiated', 'ringing', 'in-progress']);

/** A status a call row may hold while its outcome is pending. */
export function isCallInProgress(status: string): boolean {
  return PROGRESS.has(status);
}

/**
 * A progress callback (initiated, ringing, in-progress) for the call row with this idempotency
 * key: moves it forward and records the CallSid when the adapter has not yet. A row whose CallSid
 * differs is another call and is left alone. True when the row moved.
 */
export async function advanceCallRow(
  db: Database,
  args: { idempotencyKey: string; callSid: string; status: string },
): Promise<boolean> {
  if (!isCallInProgress(args.status) || args.status === 'queued') return false;
  const rows = await db.execute(sql`
    update outbound_message om
    set status = ${args.status}, provider_id = ${args.callSid}, updated_at = now()
    where om.idempotency_key = ${args.idempotencyKey}
      and om.channel = 'voice'
      and (om.provider_id is null or om.provider_id = ${args.callSid})
      and ${mayBecome(args.status)}
    returning om.id`);
  return rows.length > 0;
}

/** The CallSid Twilio gave the call, without moving a status a fast callback already advanced. */
export async function attachCallSid(db: Database, rowId: string, callSid: string): Promise<void> {
  await db.execute(sql`
    update outbound_message om
    set provider_id = ${callSid}, updated_at = now()
    where om.id = ${rowId} and om.provider_id is null`);
}

/**
 * The outcome the execution took: written once, over any progress status, never over another
 * outcome (a late callback after the timeout does not rewrite what the flow did).
 */
export async function recordCallOutcome(
  db: Database,
  args: { organizationId: string; idempotencyKey: string; outcome: CallOutcome },
): Promise<boolean> {
  const rows = await db.execute(sql`
    update outbound_message om
    set status = ${args.outcome}, updated_at = now()
    where om.idempotency_key = ${args.idempotencyKey}
      and om.organization_id = ${args.organizationId}
      and om.channel = 'voice'
      and ${mayBecome(args.outcome)}
    returning om.id`);
  return rows.length > 0;
}
