import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { WeeklyWindow } from '@/db/schema';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { scheduleNextOpen, scheduleStatusAt } from './schedule-status';

const db = testDb();
let t: Tenant;
let scheduleId: string;

const windows: WeeklyWindow[] = [1, 2, 3, 4, 5].flatMap((day) => [
  { day, start: '08:00', end: '12:00' },
  { day, start: '14:00', end: '18:00' },
]);

async function createSchedule(organizationId: string, nationalHolidays = 'AR') {
  const [row] = await db
    .insert(schema.schedule)
    .values({ organizationId, name: 'Atención', windows, nationalHolidays })
    .returning();
  if (!row) throw new Error('schedule insert returned nothing');
  return row.id;
}

beforeAll(async () => {
  t = await createTenant(db, 'Schedules');
  scheduleId = await createSchedule(t.org.id);
  await db
    .insert(schema.holiday)
    .values({ organizationId: t.org.id, date: '2026-05-19', name: 'Día del organismo' });
});
afterAll(closeTestDb);

describe('schedule status from the database', () => {
  const ref = () => ({ organizationId: t.org.id, scheduleId });

  it('is open in a shift, closed at lunch', async () => {
    expect(await scheduleStatusAt(db, { ...ref(), at: '2026-05-18T12:00:00Z' })).toEqual({
      status: 'open',
      holidayName: null,
    });
    expect((await scheduleStatusAt(db, { ...ref(), at: '2026-05-18T16:00:00Z' })).status).toBe('closed');
  });

  it("sees the national holiday and the organismo's own", async () => {
    expect(await scheduleStatusAt(db, { ...ref(), at: '2026-05-25T12:00:00Z' })).toEqual({
      status: 'holiday',
      holidayName: 'Día de la Revolución de Mayo',
    });
    expect(await scheduleStatusAt(db, { ...ref(), at: '2026-05-19T12:00:00Z' })).toEqual({
      status: 'holiday',
      holidayName: 'Día del organismo',
    });
  });

  it('finds the next opening past both holidays', async () => {
    // Monday 18 May 19:00 → Tuesday 19 is the organismo's holiday → Wednesday 20, 08:00.
    expect(await scheduleNextOpen(db, { ...ref(), from: '2026-05-18T22:00:00Z' })).toBe(
      '2026-05-20T11:00:00.000Z',
    );
    // Friday 22 May 19:00 → Monday 25 de Mayo → Tuesday 26, 08:00.
    expect(await scheduleNextOpen(db, { ...ref(), from: '2026-05-22T22:00:00Z' })).toBe(
      '2026-05-26T11:00:00.000Z',
    );
  });

  it('ignores national holidays for a schedule that opts out of them', async () => {
    const local = await createSchedule(t.org.id, '');
    expect(
      (
        await scheduleStatusAt(db, {
          organizationId: t.org.id,
          scheduleId: local,
          at: '2026-05-25T12:00:00Z',
        })
      ).status,
    ).toBe('open');
  });

  it("refuses another organismo's schedule, a bad instant and an unknown time zone", async () => {
    const other = await createTenant(db, 'SchedulesOther');
    await expect(
      scheduleStatusAt(db, { organizationId: other.org.id, scheduleId, at: '2026-05-18T12:00:00Z' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(scheduleNextOpen(db, { ...ref(), from: 'ayer' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
