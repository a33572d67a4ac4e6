import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { TWILIO_OPT_OUT_SOURCE, TWILIO_UNSUBSCRIBED } from '@/server/channels/twilio-adapter';
import { applyMessageStatus } from './message-status';
import { setPhoneConsent } from './phone-consent';

export type StatusCallback = {
  /** MessageSid. */
  providerId: string;
  /** The row the callback's MAC'd `?key=` names (`outboxOfStatusKey`); null without a key. */
  outbox: { id: string; organizationId: string } | null;
  /** The organismo whose number's key verified the callback; null for a number nobody registered. */
  signerOrganizationId: string | null;
  status: string;
  errorCode: string | null;
};

export type StatusOutcome =
  | { kind: 'moved'; row: NonNullable<Awaited<ReturnType<typeof applyMessageStatus>>> }
  | { kind: 'unchanged' }
  /** The row is another organismo's than the signer's: refused, nothing changed. */
  | { kind: 'foreign' };

/**
 * A status callback: the monotonic move of the outbox row, and, when Twilio failed the message
 * because the recipient had unsubscribed there (21610), the opt-out recorded with the organismo.
 * Only the signer's organismo's row moves: a key naming another organismo's row, or a MessageSid of
 * one, is refused.
 */
export async function recordMessageStatus(db: Database, update: StatusCallback): Promise<StatusOutcome> {
  const signer = update.signerOrganizationId;
  if (signer) {
    const owner = await rowOrganization(db, update);
    if (owner !== null && owner !== signer) return { kind: 'foreign' };
  }
  const moved = await applyMessageStatus(db, {
    providerId: update.providerId,
    outbox: update.outbox,
    organizationId: update.outbox?.organizationId ?? signer,
    status: update.status,
    errorCode: update.errorCode,
  });
  if (!moved) return { kind: 'unchanged' };
  if (update.errorCode === String(TWILIO_UNSUBSCRIBED)) {
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
  return { kind: 'moved', row: moved };
}

/** The organismo of the row the callback is about: the key's, else the row that has the sid. */
async function rowOrganization(db: Database, update: StatusCallback): Promise<string | null> {
  if (update.outbox) return update.outbox.organizationId;
  const [row] = await db
    .select({ organizationId: schema.outboundMessage.organizationId })
    .from(schema.outboundMessage)
    .where(eq(schema.outboundMessage.providerId, update.providerId))
    .limit(1);
  return row?.organizationId ?? null;
}
