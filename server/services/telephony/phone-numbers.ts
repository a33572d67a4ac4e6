import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { PhoneNumberKind, TelephonyAccountKind } from '@/db/schema/telephony';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { withoutChannelPrefix } from '@/server/services/citizens/contact-address';
import type { Actor } from './account-settings';
import { requireE164 } from './e164';
import { assertNumberFree, bindingsOf } from './number-ownership';
import { invalidateTelephonyCache } from './org-telephony';

/** The organismo's numbers, oldest first, each with the flows bound to it. */
export async function listNumbers(db: Database, organizationId: string) {
  const numbers = await db
    .select()
    .from(schema.phoneNumber)
    .where(eq(schema.phoneNumber.organizationId, organizationId))
    .orderBy(asc(schema.phoneNumber.createdAt), asc(schema.phoneNumber.number));
  const bindings =
    numbers.length === 0
      ? []
      : await db
          .select({
            id: schema.flowBinding.id,
            type: schema.flowBinding.type,
            address: schema.flowBinding.address,
            flowId: schema.flowBinding.flowId,
            flowName: schema.flow.name,
          })
          .from(schema.flowBinding)
          .innerJoin(schema.flow, eq(schema.flow.id, schema.flowBinding.flowId))
          .where(
            and(
              eq(schema.flowBinding.organizationId, organizationId),
              or(...numbers.map((n) => bindingsOf(n.number))),
            ),
          );
  return numbers.map((n) => ({
    id: n.id,
    number: n.number,
    kind: n.kind,
    account: n.account,
    label: n.label,
    createdAt: n.createdAt,
    bindings: bindings.filter((b) => b.address === n.number || b.address.startsWith(`${n.number}:`)),
  }));
}

export async function addNumber(
  db: Database,
  actor: Actor,
  args: { number: string; kind: PhoneNumberKind; account: TelephonyAccountKind; label?: string | undefined },
) {
  const number = requireE164(withoutChannelPrefix(args.number));
  if (args.account === 'subaccount') {
    const account = await db.query.telephonyAccount.findFirst({
      where: eq(schema.telephonyAccount.organizationId, actor.organizationId),
    });
    if (!account?.subaccountSid || !account.authTokenEncrypted) {
      throw new AppError('NO_SUBACCOUNT', 'Save the subaccount credentials first');
    }
  }
  const row = await db.transaction(async (tx) => {
    // Two organismos registering the same number at once: one waits for the other, then sees it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`phone-number:${number}`}))`);
    await assertNumberFree(tx, actor.organizationId, number);
    const same = await tx.select().from(schema.phoneNumber).where(eq(schema.phoneNumber.number, number));
    if (same.some((n) => n.kind === args.kind)) {
      throw new AppError('NUMBER_TAKEN', 'That number is already registered');
    }
    if (same.some((n) => n.account !== args.account)) {
      throw new AppError(
        'INVALID_INPUT',
        'A number lives in one Twilio account: register it on the same one',
      );
    }
    const [inserted] = await tx
      .insert(schema.phoneNumber)
      .values({
        organizationId: actor.organizationId,
        number,
        kind: args.kind,
        account: args.account,
        label: args.label?.trim() || null,
        createdBy: actor.userId,
      })
      .returning();
    if (!inserted) throw new Error('phone number insert returned nothing');
    return inserted;
  });
  invalidateTelephonyCache();
  await audit(db, actor, 'telephony.number_added', row.id, { number, kind: row.kind, account: row.account });
  return row;
}

/**
 * Removes a registration. The last one of a number is refused while flows are bound to it or it is
 * the default caller id: calls to it would start flows of an organismo that no longer owns it.
 */
export async function removeNumber(db: Database, actor: Actor, args: { id: string }) {
  const row = await db.query.phoneNumber.findFirst({
    where: and(
      eq(schema.phoneNumber.id, args.id),
      eq(schema.phoneNumber.organizationId, actor.organizationId),
    ),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Number not found');
  const others = await db
    .select({ id: schema.phoneNumber.id })
    .from(schema.phoneNumber)
    .where(and(eq(schema.phoneNumber.number, row.number), ne(schema.phoneNumber.id, row.id)));
  if (others.length === 0) {
    const [bound] = await db
      .select({ id: schema.flowBinding.id })
      .from(schema.flowBinding)
      .where(and(eq(schema.flowBinding.organizationId, actor.organizationId), bindingsOf(row.number)))
      .limit(1);
    const account = await db.query.telephonyAccount.findFirst({
      where: eq(schema.telephonyAccount.organizationId, actor.organizationId),
    });
    if (bound || account?.defaultCallerId === row.number) {
      throw new AppError('NUMBER_IN_USE', 'Unbind its flows and change the default caller id first');
    }
  }
  await db
    .delete(schema.phoneNumber)
    .where(
      and(eq(schema.phoneNumber.id, row.id), eq(schema.phoneNumber.organizationId, actor.organizationId)),
    );
  invalidateTelephonyCache();
  await audit(db, actor, 'telephony.number_removed', row.id, { number: row.number, kind: row.kind });
  return { id: row.id };
}

async function audit(db: Database, actor: Actor, action: string, id: string, data: Record<string, unknown>) {
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action,
    targetType: 'phone_number',
    targetId: id,
    data,
    requestId: actor.requestId,
  });
}
