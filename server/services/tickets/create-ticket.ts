import { and, eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { TicketInput } from '@/lib/contracts/engine-activities';
import { AppError } from '@/server/errors';
import { existingCitizenId, isUuid } from '@/server/services/citizens/ids';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';

const HOUR_MS = 3_600_000;

export type CreatedTicket = { ticketId: string; number: number };

/**
 * Opens a ticket in one of the organismo's back-office areas, once per idempotency key (a repeat
 * returns the first ticket). The due date is created + slaHours of wall-clock time for now: the SLA
 * is meant in business hours (ARCHITECTURE.md), which needs the area's schedule.
 */
export async function createTicket(db: Database, input: TicketInput): Promise<CreatedTicket> {
  if (!Number.isFinite(input.slaHours) || input.slaHours <= 0) {
    throw new AppError('INVALID_INPUT', `The SLA must be a positive number of hours (got ${input.slaHours})`);
  }
  const existing = await ticketByKey(db, input);
  if (existing) return existing;
  const area = isUuid(input.areaId)
    ? await db.query.area.findFirst({
        where: and(eq(schema.area.id, input.areaId), eq(schema.area.organizationId, input.organizationId)),
        columns: { id: true },
      })
    : undefined;
  if (!area) throw new AppError('NOT_FOUND', `Area ${input.areaId} is not an area of this organismo`);
  await refuseForeignExecution(db, input);

  const citizenId = await existingCitizenId(db, input.citizenId);
  // One transaction: the counter row stays locked until the ticket is in, so numbers follow each
  // other per organismo, and a duplicate key rolls its number back instead of leaving a gap.
  const row = await db
    .transaction(async (tx) => {
      const number = await nextTicketNumber(tx, input.organizationId);
      const [inserted] = await tx
        .insert(schema.ticket)
        .values({
          organizationId: input.organizationId,
          areaId: area.id,
          number,
          idempotencyKey: input.idempotencyKey,
          executionId: input.executionId,
          citizenId,
          category: input.category,
          priority: input.priority,
          subject: input.subject,
          description: input.description,
          slaHours: Math.ceil(input.slaHours),
          dueAt: sql`now() + make_interval(secs => ${(input.slaHours * HOUR_MS) / 1000})`,
          test: input.test ?? false,
        })
        .onConflictDoNothing({ target: schema.ticket.idempotencyKey })
        .returning({ id: schema.ticket.id, number: schema.ticket.number });
      if (!inserted) tx.rollback();
      return inserted;
    })
    .catch((err: unknown) => {
      if (err instanceof TransactionRollbackError) return undefined;
      throw err;
    });
  if (row) return { ticketId: row.id, number: row.number };
  // A concurrent attempt with the same key won the insert.
  const raced = await ticketByKey(db, input);
  if (!raced) throw new Error(`ticket ${input.idempotencyKey} vanished after a conflicting insert`);
  return raced;
}

async function ticketByKey(
  db: Database,
  input: { organizationId: string; idempotencyKey: string },
): Promise<CreatedTicket | null> {
  const row = await db.query.ticket.findFirst({
    where: eq(schema.ticket.idempotencyKey, input.idempotencyKey),
    columns: { id: true, organizationId: true, number: true },
  });
  if (!row) return null;
  if (row.organizationId !== input.organizationId) {
    throw new AppError('INVALID_INPUT', 'The idempotency key belongs to another organismo');
  }
  return { ticketId: row.id, number: row.number };
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * The organismo's next ticket number. The first one continues after the tickets it already has
 * (numbered before the counter existed); the upsert locks the row until the transaction ends.
 */
async function nextTicketNumber(tx: Tx, organizationId: string): Promise<number> {
  const [row] = await tx
    .insert(schema.ticketCounter)
    .values({
      organizationId,
      lastNumber: sql`(select coalesce(max(${schema.ticket.number}), 0) + 1 from ${schema.ticket} where ${schema.ticket.organizationId} = ${organizationId})`,
    })
    .onConflictDoUpdate({
      target: schema.ticketCounter.organizationId,
      set: { lastNumber: sql`${schema.ticketCounter.lastNumber} + 1` },
    })
    .returning({ lastNumber: schema.ticketCounter.lastNumber });
  if (!row) throw new Error(`no ticket number for ${organizationId}`);
  return row.lastNumber;
}
