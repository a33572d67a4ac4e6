import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { TicketInput } from '@/lib/contracts/engine-activities';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createTicket } from './create-ticket';

const db = testDb();
let t: Tenant;
let areaId: string;

async function createArea(organizationId: string) {
  const [row] = await db
    .insert(schema.area)
    .values({ organizationId, name: `Vacunatorio ${randomUUID().slice(0, 6)}` })
    .returning();
  if (!row) throw new Error('area insert returned nothing');
  return row.id;
}

beforeAll(async () => {
  t = await createTenant(db, 'Tickets');
  areaId = await createArea(t.org.id);
});
afterAll(closeTestDb);

const input = (extra: Partial<TicketInput> = {}): TicketInput => ({
  organizationId: t.org.id,
  executionId: t.executionId,
  idempotencyKey: `${t.executionId}:ticket:${randomUUID()}`,
  areaId,
  category: 'vacunas',
  priority: 'high',
  slaHours: 48,
  subject: 'Falta dosis',
  description: 'La vecina no recibió la segunda dosis.',
  citizenId: null,
  ...extra,
});

describe('createTicket', () => {
  it("opens a ticket in the organismo's area, due slaHours later", async () => {
    const before = Date.now();
    const { ticketId } = await createTicket(db, input());
    const row = await db.query.ticket.findFirst({ where: eq(schema.ticket.id, ticketId) });
    expect(row).toMatchObject({
      organizationId: t.org.id,
      areaId,
      executionId: t.executionId,
      category: 'vacunas',
      priority: 'high',
      subject: 'Falta dosis',
      status: 'open',
      slaHours: 48,
      number: expect.any(Number),
      test: false,
    });
    const due = (row?.dueAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0);
    expect(due).toBe(48 * 3_600_000);
    expect(row?.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  });

  it('creates one ticket per idempotency key', async () => {
    const req = input();
    const first = await createTicket(db, req);
    const [again, concurrent] = await Promise.all([createTicket(db, req), createTicket(db, req)]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(await db.$count(schema.ticket, eq(schema.ticket.idempotencyKey, req.idempotencyKey))).toBe(1);
  });

  it("refuses another organismo's area, an area id that is not one and a non-positive SLA", async () => {
    const other = await createTenant(db, 'TicketsOther');
    const foreignArea = await createArea(other.org.id);
    await expect(createTicket(db, input({ areaId: foreignArea }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(createTicket(db, input({ areaId: 'vacunatorio' }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(createTicket(db, input({ slaHours: 0 }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await db.$count(schema.ticket, eq(schema.ticket.areaId, foreignArea))).toBe(0);
  });

  it('links a known citizen and drops an id that names nobody', async () => {
    const [citizen] = await db
      .insert(schema.citizen)
      .values({ firstName: 'Ana', lastName: 'Pérez' })
      .returning();
    const linked = await createTicket(db, input({ citizenId: citizen?.id ?? null }));
    const stale = await createTicket(db, input({ citizenId: randomUUID() }));
    const rows = await Promise.all(
      [linked, stale].map((r) => db.query.ticket.findFirst({ where: eq(schema.ticket.id, r.ticketId) })),
    );
    expect(rows.map((r) => r?.citizenId)).toEqual([citizen?.id, null]);
  });

  it('numbers tickets one after another per organismo, also when created concurrently', async () => {
    const other = await createTenant(db, 'TicketsNumbers');
    const otherArea = await createArea(other.org.id);
    const own = await Promise.all(Array.from({ length: 5 }, () => createTicket(db, input())));
    const theirs = await createTicket(db, {
      ...input(),
      organizationId: other.org.id,
      executionId: other.executionId,
      areaId: otherArea,
    });
    const numbers = own.map((r) => r.number).sort((a, b) => a - b);
    const first = numbers[0] ?? 0;
    expect(numbers).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
    // Another organismo starts its own count; a repeated key gives the same number back.
    expect(theirs.number).toBe(1);
    const req = input();
    const once = await createTicket(db, req);
    expect(await createTicket(db, req)).toEqual(once);
    expect(once.number).toBe(first + 5);
  });
});
