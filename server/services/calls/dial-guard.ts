import type { Database } from '@/db';
import type { VoiceTurnResult } from '@/lib/contracts/execution';
import { callerIdRefusal, destinationRefusal } from '@/server/services/telephony/dial-policy';

/** The DialCallStatus a refused transfer hands its dial_number step (its failed port, and vars.dial_status). */
export type DialRefusal = 'destination_not_allowed' | 'caller_id_not_owned';

/**
 * Whether the transfer a turn asks Twilio for is refused: its target is outside
 * CAUCE_DIAL_COUNTRIES, or its caller id is not one of the organismo's own voice numbers (the node
 * checks a literal one when it is published; this catches numbers rendered from variables and
 * caller ids removed since). A turn without a dial costs nothing.
 */
export async function refusedDial(
  db: Database,
  result: VoiceTurnResult,
  organizationId: () => Promise<string | null>,
): Promise<DialRefusal | null> {
  const dial = result.instructions.find((i) => i.type === 'dial');
  if (dial?.type !== 'dial') return null;
  if (destinationRefusal(dial.number)) return 'destination_not_allowed';
  if (!dial.callerId) return null;
  const org = await organizationId();
  if (!org || (await callerIdRefusal(db, org, dial.callerId))) return 'caller_id_not_owned';
  return null;
}
