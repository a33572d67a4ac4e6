import { and, eq, ne } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { encryptSecret } from '@/server/secrets';
import { recordAudit } from '@/server/services/audit/record-audit';
import { requireE164 } from './e164';
import { invalidateTelephonyCache } from './org-telephony';
import { authTokenContext } from './twilio-for-org';
import { verifySubaccount } from './verify-subaccount';

export type Actor = { organizationId: string; userId: string; requestId: string };

/** What the settings page may know: never the token, only whether it is set and its last 4 characters. */
export type TelephonyAccountView = {
  subaccountSid: string | null;
  authToken: { configured: boolean; last4: string | null };
  messagingServiceSid: string | null;
  defaultCallerId: string | null;
};

export async function getAccountView(db: Database, organizationId: string): Promise<TelephonyAccountView> {
  const row = await db.query.telephonyAccount.findFirst({
    where: eq(schema.telephonyAccount.organizationId, organizationId),
  });
  return {
    subaccountSid: row?.subaccountSid ?? null,
    authToken: { configured: Boolean(row?.authTokenEncrypted), last4: row?.authTokenLast4 ?? null },
    messagingServiceSid: row?.messagingServiceSid ?? null,
    defaultCallerId: row?.defaultCallerId ?? null,
  };
}

/**
 * The organismo's own Twilio subaccount: SID and auth token, both given again to change either.
 * Saved only once Twilio confirms it exists with that token under the platform's account.
 */
export async function saveSubaccount(
  db: Database,
  actor: Actor,
  args: { subaccountSid: string; authToken: string },
): Promise<TelephonyAccountView> {
  const other = await db.query.telephonyAccount.findFirst({
    where: and(
      eq(schema.telephonyAccount.subaccountSid, args.subaccountSid),
      ne(schema.telephonyAccount.organizationId, actor.organizationId),
    ),
  });
  if (other) throw new AppError('SUBACCOUNT_TAKEN', 'That subaccount belongs to another organismo');
  // Twilio must say it exists with this token and that the platform's account owns it.
  await verifySubaccount(args);
  const values = {
    subaccountSid: args.subaccountSid,
    authTokenEncrypted: encryptSecret(args.authToken, authTokenContext(actor.organizationId)),
    authTokenLast4: args.authToken.slice(-4),
    updatedAt: new Date(),
    updatedBy: actor.userId,
  };
  await db
    .insert(schema.telephonyAccount)
    .values({ organizationId: actor.organizationId, ...values })
    .onConflictDoUpdate({ target: schema.telephonyAccount.organizationId, set: values });
  invalidateTelephonyCache();
  await audit(db, actor, 'telephony.subaccount_saved', { subaccountSid: args.subaccountSid });
  return getAccountView(db, actor.organizationId);
}

/** Back to the platform's account; refused while numbers are registered on the subaccount. */
export async function removeSubaccount(db: Database, actor: Actor): Promise<TelephonyAccountView> {
  const onSubaccount = await db.query.phoneNumber.findFirst({
    where: and(
      eq(schema.phoneNumber.organizationId, actor.organizationId),
      eq(schema.phoneNumber.account, 'subaccount'),
    ),
  });
  if (onSubaccount) {
    throw new AppError('NUMBER_IN_USE', 'Remove the numbers registered on the subaccount first', {
      number: onSubaccount.number,
    });
  }
  await db
    .update(schema.telephonyAccount)
    .set({
      subaccountSid: null,
      authTokenEncrypted: null,
      authTokenLast4: null,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    .where(eq(schema.telephonyAccount.organizationId, actor.organizationId));
  invalidateTelephonyCache();
  await audit(db, actor, 'telephony.subaccount_removed', {});
  return getAccountView(db, actor.organizationId);
}

/** The Messaging Service and the default caller id; empty values clear them. */
export async function saveSenders(
  db: Database,
  actor: Actor,
  args: { messagingServiceSid: string | null; defaultCallerId: string | null },
): Promise<TelephonyAccountView> {
  const defaultCallerId = args.defaultCallerId ? requireE164(args.defaultCallerId) : null;
  if (defaultCallerId) {
    const other = await db.query.phoneNumber.findFirst({
      where: and(
        eq(schema.phoneNumber.number, defaultCallerId),
        ne(schema.phoneNumber.organizationId, actor.organizationId),
      ),
    });
    if (other) throw new AppError('NUMBER_TAKEN', 'That number belongs to another organismo');
  }
  const values = {
    messagingServiceSid: args.messagingServiceSid || null,
    defaultCallerId,
    updatedAt: new Date(),
    updatedBy: actor.userId,
  };
  await db
    .insert(schema.telephonyAccount)
    .values({ organizationId: actor.organizationId, ...values })
    .onConflictDoUpdate({ target: schema.telephonyAccount.organizationId, set: values });
  invalidateTelephonyCache();
  await audit(db, actor, 'telephony.senders_saved', {
    messagingServiceSid: values.messagingServiceSid,
    defaultCallerId,
  });
  return getAccountView(db, actor.organizationId);
}

async function audit(db: Database, actor: Actor, action: string, data: Record<string, unknown>) {
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action,
    targetType: 'organization',
    targetId: actor.organizationId,
    data,
    requestId: actor.requestId,
  });
}
