import 'server-only';
import { and, asc, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { ListMapping } from '@/lib/contact-lists/mapping';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { listFields } from './fields';

type Actor = { organizationId: string; userId: string; requestId: string };

const SUMMARY = {
  id: schema.contactList.id,
  name: schema.contactList.name,
  purpose: schema.contactList.purpose,
  status: schema.contactList.status,
  fileName: schema.contactList.fileName,
  fileBytes: schema.contactList.fileBytes,
  fileSha256: schema.contactList.fileSha256,
  processedRows: schema.contactList.processedRows,
  validRows: schema.contactList.validRows,
  errorRows: schema.contactList.errorRows,
  mergedRows: schema.contactList.mergedRows,
  error: schema.contactList.error,
  createdAt: schema.contactList.createdAt,
  completedAt: schema.contactList.completedAt,
};

/** Campaign states in which a list is in use: deleting it would pull contacts from under the engine. */
const ACTIVE_CAMPAIGN = ['scheduled', 'running', 'paused'];

/** The organismo's lists with their counts, newest first. */
export async function listContactLists(db: Database, organizationId: string) {
  return db
    .select(SUMMARY)
    .from(schema.contactList)
    .where(eq(schema.contactList.organizationId, organizationId))
    .orderBy(desc(schema.contactList.createdAt))
    .limit(500);
}

/** Ready lists of the organismo made from the same file (its sha256): a re-upload is recognised. */
export async function findListsByHash(db: Database, organizationId: string, sha256: string) {
  return db
    .select({
      id: SUMMARY.id,
      name: SUMMARY.name,
      createdAt: SUMMARY.createdAt,
      validRows: SUMMARY.validRows,
    })
    .from(schema.contactList)
    .where(
      and(
        eq(schema.contactList.organizationId, organizationId),
        eq(schema.contactList.fileSha256, sha256),
        inArray(schema.contactList.status, ['ready', 'importing']),
      ),
    )
    .orderBy(desc(schema.contactList.createdAt));
}

/**
 * A list to upload into (status `pending`; the upload route streams the file into it). The mapping
 * must name custom fields that exist. The sha256 the browser computed is checked against the
 * organismo's lists: the same file again is refused with the list it matches, unless the user chose
 * to import it again.
 */
export async function createContactList(
  db: Database,
  actor: Actor,
  input: {
    name: string;
    purpose: string;
    fileName: string;
    sha256: string | null;
    mapping: ListMapping;
    allowDuplicate: boolean;
  },
) {
  const keys = new Set((await listFields(db, actor.organizationId)).map((f) => f.key));
  for (const target of Object.values(input.mapping)) {
    if (target.startsWith('field:') && !keys.has(target.slice('field:'.length)))
      throw new AppError('INVALID_INPUT', `Unknown custom field ${target}`);
  }
  if (input.sha256 && !input.allowDuplicate) {
    const [match] = await findListsByHash(db, actor.organizationId, input.sha256);
    if (match)
      throw new AppError('LIST_DUPLICATE', `This file was already uploaded as "${match.name}"`, {
        listId: match.id,
        name: match.name,
      });
  }
  const [row] = await db
    .insert(schema.contactList)
    .values({
      organizationId: actor.organizationId,
      name: input.name,
      purpose: input.purpose,
      status: 'pending',
      fileName: input.fileName,
      mapping: input.mapping,
      createdBy: actor.userId,
    })
    .returning({ id: schema.contactList.id });
  if (!row) throw new Error('contact list insert returned nothing');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'contact_list.created',
    targetType: 'contact_list',
    targetId: row.id,
    data: { name: input.name, purpose: input.purpose, fileName: input.fileName },
    requestId: actor.requestId,
  });
  return row;
}

/** One list with its counts and its refused rows counted by reason. */
export async function getContactList(db: Database, organizationId: string, id: string) {
  const [list] = await db
    .select({ ...SUMMARY, mapping: schema.contactList.mapping })
    .from(schema.contactList)
    .where(and(eq(schema.contactList.id, id), eq(schema.contactList.organizationId, organizationId)));
  if (!list) throw new AppError('NOT_FOUND', 'Contact list not found');
  const reasons = await db
    .select({ reason: schema.contactListError.reason, n: sql<number>`count(*)::int` })
    .from(schema.contactListError)
    .where(
      and(eq(schema.contactListError.listId, id), eq(schema.contactListError.organizationId, organizationId)),
    )
    .groupBy(schema.contactListError.reason);
  return { ...list, errorsByReason: Object.fromEntries(reasons.map((r) => [r.reason, r.n])) };
}

export type ErrorCursor = { row: number; id: number };

/** The refused rows in row order, a page at a time (keyset on row number and id). */
export async function contactListErrors(
  db: Database,
  organizationId: string,
  args: { listId: string; after?: ErrorCursor | null; limit: number },
) {
  const e = schema.contactListError;
  const after = args.after;
  const rows = await db
    .select({ id: e.id, rowNumber: e.rowNumber, column: e.column, value: e.value, reason: e.reason })
    .from(e)
    .where(
      and(
        eq(e.listId, args.listId),
        eq(e.organizationId, organizationId),
        after
          ? or(gt(e.rowNumber, after.row), and(eq(e.rowNumber, after.row), gt(e.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(e.rowNumber), asc(e.id))
    .limit(args.limit);
  const last = rows.at(-1);
  return {
    rows,
    next: rows.length === args.limit && last ? { row: last.rowNumber, id: last.id } : null,
  };
}

/** Deletes a list (entries and errors go with it) unless an active campaign's audience names it. */
export async function deleteContactList(db: Database, actor: Actor, id: string) {
  const list = await getContactList(db, actor.organizationId, id);
  const [using] = await db
    .select({ id: schema.campaign.id, name: schema.campaign.name })
    .from(schema.campaign)
    .where(
      and(
        eq(schema.campaign.organizationId, actor.organizationId),
        inArray(schema.campaign.status, ACTIVE_CAMPAIGN),
        sql`${schema.campaign.audience}->'listIds' ? ${id}`,
      ),
    )
    .limit(1);
  if (using)
    throw new AppError('LIST_IN_USE', `Used by campaign "${using.name}"`, {
      campaignId: using.id,
      name: using.name,
    });
  await db
    .delete(schema.contactList)
    .where(and(eq(schema.contactList.id, id), eq(schema.contactList.organizationId, actor.organizationId)));
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'contact_list.deleted',
    targetType: 'contact_list',
    targetId: id,
    data: { name: list.name, validRows: list.validRows },
    requestId: actor.requestId,
  });
  return { id };
}
