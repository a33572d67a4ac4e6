import 'server-only';
import { and, desc, eq, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { normalizeEmail, normalizePhone } from '@/server/services/citizens/contact-address';

export const DNC_REASONS = ['citizen_request', 'staff', 'complaint'] as const;
export type DncReason = (typeof DNC_REASONS)[number];

type Actor = { organizationId: string; userId: string; requestId?: string };

/** A phone (any way people write it in Argentina) as E.164, or an email in lower case; null otherwise. */
export function normalizeDncAddress(value: string): string | null {
  return value.includes('@') ? normalizeEmail(value) : normalizePhone(value);
}

/**
 * Adds an address to the organismo's do-not-contact register (audited). An address already blocked
 * keeps its first row (who and when): the answer says so instead of adding a second.
 */
export async function addDoNotContact(
  db: Database,
  actor: Actor,
  args: { address: string; reason: DncReason; note?: string; citizenId?: string | null },
): Promise<{ id: string; address: string; created: boolean }> {
  const address = normalizeDncAddress(args.address);
  if (!address) throw new AppError('INVALID_INPUT', 'Not a phone number or email', { field: 'address' });
  const [row] = await db
    .insert(schema.doNotContact)
    .values({
      organizationId: actor.organizationId,
      citizenId: args.citizenId ?? null,
      address,
      reason: args.reason,
      note: args.note ?? '',
      createdBy: actor.userId,
    })
    .onConflictDoNothing({
      target: [schema.doNotContact.organizationId, schema.doNotContact.address],
      where: isNull(schema.doNotContact.removedAt),
    })
    .returning({ id: schema.doNotContact.id });
  if (!row) {
    const [existing] = await db
      .select({ id: schema.doNotContact.id })
      .from(schema.doNotContact)
      .where(active(actor.organizationId, eq(schema.doNotContact.address, address)));
    if (!existing) throw new Error('do_not_contact conflict without an active row');
    return { id: existing.id, address, created: false };
  }
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'do_not_contact.added',
    targetType: 'do_not_contact',
    targetId: row.id,
    data: { reason: args.reason, citizenId: args.citizenId ?? null },
    requestId: actor.requestId,
  });
  return { id: row.id, address, created: true };
}

/**
 * A citizen's own request to receive no further contact (Ley 25.326 art. 27 inc. 3), from the
 * citizen's page: every phone and the email of the citizen go on the register, with the citizen's id
 * (which the audience also matches, so a number added later is covered too).
 */
export async function blockCitizen(
  db: Database,
  actor: Actor,
  args: { citizenId: string; note?: string },
): Promise<{ blocked: number }> {
  const [citizen] = await db
    .select({ id: schema.citizen.id, phones: schema.citizen.phones, email: schema.citizen.email })
    .from(schema.citizen)
    .where(eq(schema.citizen.id, args.citizenId));
  if (!citizen) throw new AppError('NOT_FOUND');
  const addresses = [...citizen.phones, ...(citizen.email ? [citizen.email] : [])]
    .map(normalizeDncAddress)
    .filter((a): a is string => a !== null);
  // A citizen without a usable address is still blocked by id: the row's address names the citizen.
  const targets = addresses.length > 0 ? addresses : [`citizen:${citizen.id}`];
  let blocked = 0;
  for (const address of targets) {
    const [row] = await db
      .insert(schema.doNotContact)
      .values({
        organizationId: actor.organizationId,
        citizenId: citizen.id,
        address,
        reason: 'citizen_request',
        note: args.note ?? '',
        createdBy: actor.userId,
      })
      .onConflictDoNothing({
        target: [schema.doNotContact.organizationId, schema.doNotContact.address],
        where: isNull(schema.doNotContact.removedAt),
      })
      .returning({ id: schema.doNotContact.id });
    if (row) blocked++;
  }
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'do_not_contact.citizen_blocked',
    targetType: 'citizen',
    targetId: citizen.id,
    data: { addresses: targets.length, added: blocked },
    requestId: actor.requestId,
  });
  return { blocked };
}

export type DncRow = {
  id: string;
  address: string;
  reason: string;
  note: string;
  citizenId: string | null;
  createdAt: Date;
  createdByName: string | null;
  removedAt: Date | null;
  removedByName: string | null;
  removedNote: string | null;
};

/** The register, newest first, searched by address or note, in keyset pages. */
export async function listDoNotContact(
  db: Database,
  organizationId: string,
  args: {
    query?: string;
    includeRemoved?: boolean;
    limit?: number;
    before?: { createdAt: Date; id: string };
  },
): Promise<{ rows: DncRow[]; next: { createdAt: Date; id: string } | null }> {
  const limit = Math.min(args.limit ?? 50, 200);
  const conditions: (SQL | undefined)[] = [eq(schema.doNotContact.organizationId, organizationId)];
  if (!args.includeRemoved) conditions.push(isNull(schema.doNotContact.removedAt));
  const q = args.query?.trim();
  if (q) {
    const phone = normalizePhone(q);
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(schema.doNotContact.address, pattern),
        ilike(schema.doNotContact.note, pattern),
        phone ? eq(schema.doNotContact.address, phone) : undefined,
      ),
    );
  }
  if (args.before) {
    conditions.push(
      or(
        lt(schema.doNotContact.createdAt, args.before.createdAt),
        and(
          eq(schema.doNotContact.createdAt, args.before.createdAt),
          lt(schema.doNotContact.id, args.before.id),
        ),
      ),
    );
  }
  const creator = sql<
    string | null
  >`(select u.name from "user" u where u.id = ${schema.doNotContact.createdBy})`;
  const remover = sql<
    string | null
  >`(select u.name from "user" u where u.id = ${schema.doNotContact.removedBy})`;
  const rows = await db
    .select({
      id: schema.doNotContact.id,
      address: schema.doNotContact.address,
      reason: schema.doNotContact.reason,
      note: schema.doNotContact.note,
      citizenId: schema.doNotContact.citizenId,
      createdAt: schema.doNotContact.createdAt,
      createdByName: creator,
      removedAt: schema.doNotContact.removedAt,
      removedByName: remover,
      removedNote: schema.doNotContact.removedNote,
    })
    .from(schema.doNotContact)
    .where(and(...conditions))
    .orderBy(desc(schema.doNotContact.createdAt), desc(schema.doNotContact.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}

/** Lifts a block (admins only; the router checks): the row stays with who removed it, when and why. */
export async function removeDoNotContact(
  db: Database,
  actor: Actor,
  args: { id: string; note?: string },
): Promise<{ removed: true }> {
  const [row] = await db
    .update(schema.doNotContact)
    .set({ removedAt: new Date(), removedBy: actor.userId, removedNote: args.note ?? '' })
    .where(active(actor.organizationId, eq(schema.doNotContact.id, args.id)))
    .returning({ id: schema.doNotContact.id, reason: schema.doNotContact.reason });
  if (!row) throw new AppError('NOT_FOUND');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'do_not_contact.removed',
    targetType: 'do_not_contact',
    targetId: row.id,
    data: { reason: row.reason, note: args.note ?? '' },
    requestId: actor.requestId,
  });
  return { removed: true };
}

function active(organizationId: string, condition: SQL): SQL | undefined {
  return and(
    eq(schema.doNotContact.organizationId, organizationId),
    isNull(schema.doNotContact.removedAt),
    condition,
  );
}
