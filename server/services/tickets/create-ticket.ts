import { and, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { TicketInput } from '@/lib/contracts/engine-activities';
import { AppError } from '@/server/errors';
import { existingCitizenId, isUuid } from '@/server/services/citizens/ids';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';

const HOUR_MS = 3_600_000;

/**
 * Opens a ticket in one of the organismo's back-office areas, once per idempotency key (a repeat
 * returns the first ticket). The due date is created + slaHours of wall-clock time for now: the SLA
 * is meant in business hours (ARCHITECTURE.md), which needs the area's schedule.
 */
export async function createTicket(db: Database, input: TicketInput): Promise<{ ticketId: string }> {
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

  const [row] = await db
    .insert(schema.ticket)
    .values({
      organizationId: input.organizationId,
      areaId: area.id,
      idempotencyKey: input.idempotencyKey,
      executionId: input.executionId,
      citizenId: await existingCitizenId(db, input.citizenId),
      category: input.category,
      priority: input.priority,
      subject: input.subject,
      description: input.description,
      slaHours: Math.ceil(input.slaHours),
      dueAt: sql`now() + make_interval(secs => ${(input.slaHours * HOUR_MS) / 1000})`,
      test: input.test ?? false,
    })
    .onConflictDoNothing({ target: schema.ticket.idempotencyKey })
    .returning({ id: schema.ticket.id });
  if (row) return { ticketId: row.id };
  // A concurrent attempt with the same key won the insert.
  const raced = await ticketByKey(db, input);
  if (!raced) throw new Error(`ticket ${input.idempotencyKey} vanished after a conflicting insert`);
  return raced;
}

async function ticketByKey(
  db: Database,
  input: { organizationId: string; idempotencyKey: string },
): Promise<{ ticketId: string } | null> {
  const row = await db.query.ticket.findFirst({
    where: eq(schema.ticket.idempotencyKey, input.idempotencyKey),
    columns: { id: true, organizationId: true },
  });
  if (!row) return null;
  if (row.organizationId !== input.organizationId) {
    throw new AppError('INVALID_INPUT', 'The idempotency key belongs to another organismo');
  }
  return { ticketId: row.id };
}
