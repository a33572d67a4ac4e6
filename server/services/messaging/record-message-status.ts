import type { Database } from '@/db';
import { TWILIO_OPT_OUT_SOURCE, TWILIO_UNSUBSCRIBED } from '@/server/channels/twilio-adapter';
import { applyMessageStatus, type MessageStatusUpdate } from './message-status';
import { setPhoneConsent } from './phone-consent';

/**
 * A status callback: the monotonic move of the outbox row, and, when Twilio failed the message
 * because the recipient had unsubscribed there (21610), the opt-out recorded with the organismo.
 */
export async function recordMessageStatus(db: Database, update: MessageStatusUpdate) {
  const moved = await applyMessageStatus(db, update);
  if (moved && update.errorCode === String(TWILIO_UNSUBSCRIBED)) {
    if (moved.channel === 'sms' || moved.channel === 'whatsapp') {
      await setPhoneConsent(db, {
        organizationId: moved.organizationId,
        phone: moved.to,
        channel: moved.channel,
        status: 'opted_out',
        source: TWILIO_OPT_OUT_SOURCE,
      });
    }
  }
  return moved;
}
