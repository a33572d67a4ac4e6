import { and, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Database, schema } from '@/db';
import type { Citizen } from '@/db/schema';
import { AppError } from '@/server/errors';
import { normalizeEmail } from '@/server/services/citizens/contact-address';
import { isUuid } from '@/server/services/citizens/ids';

/**
 * How a person of the shared base is found in one organismo's tables: their citizen id, and the
 * addresses the platform reached them at (their phones, also as WhatsApp addresses, and email),
 * through the executions those name. `contacts` are matched exactly: they are stored normalized.
 */
export type PersonLinks = {
  citizen: Citizen;
  contacts: string[];
  executions: { id: string; workflowId: string; status: string }[];
};

export async function loadCitizen(db: Database, citizenId: string): Promise<Citizen> {
  if (!isUuid(citizenId)) throw new AppError('NOT_FOUND', 'Citizen not found');
  const citizen = await db.query.citizen.findFirst({ where: eq(schema.citizen.id, citizenId) });
  if (!citizen) throw new AppError('NOT_FOUND', 'Citizen not found');
  return citizen;
}

export function contactsOf(citizen: Citizen): string[] {
  const email = citizen.email ? normalizeEmail(citizen.email) : null;
  return [...citizen.phones, ...citizen.phones.map((p) => `whatsapp:${p}`), ...(email ? [email] : [])];
}

export async function personLinks(
  db: Database,
  organizationId: string,
  citizenId: string,
): Promise<PersonLinks> {
  const citizen = await loadCitizen(db, citizenId);
  const contacts = contactsOf(citizen);
  const matches: SQL[] = [eq(schema.execution.citizenId, citizen.id)];
  if (contacts.length > 0) matches.push(inArray(schema.execution.contactRef, contacts));
  const executions = await db
    .select({
      id: schema.execution.id,
      workflowId: schema.execution.workflowId,
      status: schema.execution.status,
    })
    .from(schema.execution)
    .where(and(eq(schema.execution.organizationId, organizationId), or(...matches)));
  return { citizen, contacts, executions };
}

/** Rows of a table with `citizen_id` and `execution_id` that concern the person in the organismo. */
export function ofPerson(
  links: PersonLinks,
  columns: { citizenId: AnyPgColumn; executionId: AnyPgColumn },
): SQL {
  const ids = links.executions.map((e) => e.id);
  const conditions: SQL[] = [eq(columns.citizenId, links.citizen.id)];
  if (ids.length > 0) conditions.push(inArray(columns.executionId, ids));
  return or(...conditions) ?? eq(columns.citizenId, links.citizen.id);
}

/**
 * Whether the organismo (others: false) or any other organismo (others: true) holds data linked
 * to the person: an execution, consent, ticket, work item, recording, survey answer or message.
 */
export async function holdsData(
  tx: Pick<Database, 'select'>,
  links: PersonLinks,
  scope: { organizationId: string; others: boolean },
): Promise<boolean> {
  const org = (column: AnyPgColumn) =>
    scope.others ? ne(column, scope.organizationId) : eq(column, scope.organizationId);
  const id = links.citizen.id;
  const contacts = links.contacts;
  const checks: Promise<unknown[]>[] = [
    tx
      .select({ one: sql`1` })
      .from(schema.execution)
      .where(
        and(
          org(schema.execution.organizationId),
          contacts.length > 0
            ? or(eq(schema.execution.citizenId, id), inArray(schema.execution.contactRef, contacts))
            : eq(schema.execution.citizenId, id),
        ),
      )
      .limit(1),
    tx
      .select({ one: sql`1` })
      .from(schema.citizenConsent)
      .where(and(org(schema.citizenConsent.organizationId), eq(schema.citizenConsent.citizenId, id)))
      .limit(1),
    tx
      .select({ one: sql`1` })
      .from(schema.ticket)
      .where(and(org(schema.ticket.organizationId), eq(schema.ticket.citizenId, id)))
      .limit(1),
    tx
      .select({ one: sql`1` })
      .from(schema.workItem)
      .where(and(org(schema.workItem.organizationId), eq(schema.workItem.citizenId, id)))
      .limit(1),
    tx
      .select({ one: sql`1` })
      .from(schema.callRecording)
      .where(and(org(schema.callRecording.organizationId), eq(schema.callRecording.citizenId, id)))
      .limit(1),
    tx
      .select({ one: sql`1` })
      .from(schema.surveyResponse)
      .where(and(org(schema.surveyResponse.organizationId), eq(schema.surveyResponse.citizenId, id)))
      .limit(1),
  ];
  if (contacts.length > 0) {
    checks.push(
      tx
        .select({ one: sql`1` })
        .from(schema.outboundMessage)
        .where(and(org(schema.outboundMessage.organizationId), inArray(schema.outboundMessage.to, contacts)))
        .limit(1),
    );
  }
  const found = await Promise.all(checks);
  return found.some((rows) => rows.length > 0);
}

/** Rights are exercised with an organismo that holds data on the person; NOT_FOUND elsewhere. */
export async function requireHeldHere(
  db: Database,
  organizationId: string,
  links: PersonLinks,
): Promise<void> {
  if (links.executions.length > 0) return;
  if (await holdsData(db, links, { organizationId, others: false })) return;
  throw new AppError('NOT_FOUND', 'This organismo holds no data on that citizen');
}
