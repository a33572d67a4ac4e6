import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WeeklyWindow } from '@/db/schema';
import {
  type BusinessSchedule,
  businessHoursStatus,
  type HolidayCalendar,
  nextOpenTime,
  parseClock,
  weeklyMinutes,
} from './business-hours';
import { nationalHolidays } from './holiday-calendar';

const CORDOBA = 'America/Argentina/Cordoba';
const weekdays = (start: string, end: string): WeeklyWindow[] =>
  [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const officeHours: BusinessSchedule = { timezone: CORDOBA, windows: weekdays('08:00', '18:00') };
const splitShift: BusinessSchedule = {
  timezone: CORDOBA,
  windows: [...weekdays('08:00', '12:00'), ...weekdays('14:00', '18:00')],
};
const none: HolidayCalendar = new Map();
const ar = (...years: number[]): HolidayCalendar =>
  new Map(years.flatMap((y) => [...nationalHolidays('AR', y)]));
const at = (iso: string) => new Date(iso);

describe('business hours, concrete cases (Córdoba is UTC−3 all year)', () => {
  it('is open Monday 08:00–18:00 local and closed outside, the end minute excluded', () => {
    // 2026-05-18 is a Monday.
    expect(businessHoursStatus(officeHours, none, at('2026-05-18T11:00:00Z')).status).toBe('open');
    expect(businessHoursStatus(officeHours, none, at('2026-05-18T10:59:59Z')).status).toBe('closed');
    expect(businessHoursStatus(officeHours, none, at('2026-05-18T20:59:59Z')).status).toBe('open');
    expect(businessHoursStatus(officeHours, none, at('2026-05-18T21:00:00Z')).status).toBe('closed');
    expect(businessHoursStatus(officeHours, none, at('2026-05-17T15:00:00Z')).status).toBe('closed');
  });

  it('closes over lunch in a split shift and opens again at 14:00', () => {
    const lunch = at('2026-05-18T16:00:00Z'); // 13:00 local
    expect(businessHoursStatus(splitShift, none, lunch)).toEqual({ status: 'closed', holidayName: null });
    expect(nextOpenTime(splitShift, none, lunch)?.toISOString()).toBe('2026-05-18T17:00:00.000Z');
    expect(businessHoursStatus(splitShift, none, at('2026-05-18T14:59:00Z')).status).toBe('open');
  });

  it('knows 25 de Mayo is a national holiday, and skips it when looking for the next opening', () => {
    const mayo = ar(2026);
    expect(businessHoursStatus(officeHours, mayo, at('2026-05-25T13:00:00Z'))).toEqual({
      status: 'holiday',
      holidayName: 'Día de la Revolución de Mayo',
    });
    // Friday 19:00 → Monday is the holiday → Tuesday 08:00.
    expect(nextOpenTime(officeHours, mayo, at('2026-05-22T22:00:00Z'))?.toISOString()).toBe(
      '2026-05-26T11:00:00.000Z',
    );
  });

  it("honours an organismo's own holiday by its local date", () => {
    const own = new Map([['2026-05-19', 'Día del organismo']]);
    // 03:30 UTC on the 19th is 00:30 local on the 19th; 02:30 UTC is still 23:30 on the 18th.
    expect(businessHoursStatus(officeHours, own, at('2026-05-19T03:30:00Z'))).toEqual({
      status: 'holiday',
      holidayName: 'Día del organismo',
    });
    expect(businessHoursStatus(officeHours, own, at('2026-05-19T02:30:00Z')).status).toBe('closed');
    expect(nextOpenTime(officeHours, own, at('2026-05-18T22:00:00Z'))?.toISOString()).toBe(
      '2026-05-20T11:00:00.000Z',
    );
  });

  it('crosses the new year past 1 January', () => {
    // Thursday 31 Dec 2026 after hours → Friday 1 Jan is Año Nuevo → Monday 4 Jan.
    expect(nextOpenTime(officeHours, ar(2026, 2027), at('2026-12-31T22:00:00Z'))?.toISOString()).toBe(
      '2027-01-04T11:00:00.000Z',
    );
  });

  it('accepts a window that ends at 24:00', () => {
    const nights: BusinessSchedule = {
      timezone: CORDOBA,
      windows: [{ day: 6, start: '20:00', end: '24:00' }],
    };
    expect(businessHoursStatus(nights, none, at('2026-05-24T02:59:00Z')).status).toBe('open'); // Sat 23:59
    expect(businessHoursStatus(nights, none, at('2026-05-24T03:00:00Z')).status).toBe('closed'); // Sun 00:00
  });

  it('returns the instant itself when already open, and null for a schedule with no windows', () => {
    const open = at('2026-05-18T12:34:56Z');
    expect(nextOpenTime(officeHours, none, open)).toBe(open);
    expect(nextOpenTime({ timezone: CORDOBA, windows: [] }, none, open)).toBeNull();
  });

  it('gives up after the search horizon', () => {
    const allYear = new Map<string, string>();
    for (let i = 0; i < 400; i++) {
      allYear.set(new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), 'Feria');
    }
    expect(nextOpenTime(officeHours, allYear, at('2026-01-01T12:00:00Z'))).toBeNull();
  });

  it('drops windows it cannot read instead of guessing', () => {
    expect(parseClock('24:00', false)).toBeNull();
    expect(parseClock('24:00', true)).toBe(1440);
    expect(parseClock('8:00', false)).toBeNull();
    const byDay = weeklyMinutes([
      { day: 1, start: '14:00', end: '18:00' },
      { day: 1, start: '08:00', end: '12:00' },
      { day: 1, start: '18:00', end: '09:00' },
      { day: 7, start: '08:00', end: '12:00' },
    ]);
    expect(byDay[1]).toEqual([
      [480, 720],
      [840, 1080],
    ]);
    expect(byDay.flat()).toHaveLength(2);
  });
});

const QUARTER = 15 * 60_000;
// Zones without daylight saving, with whole-quarter offsets, so local quarter hours are UTC quarter hours.
const ZONES = [CORDOBA, 'America/Argentina/Buenos_Aires', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu'];
const quarterClock = (q: number) =>
  q === 96
    ? '24:00'
    : `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;

const arbWindow = fc
  .record({
    day: fc.integer({ min: 0, max: 6 }),
    start: fc.integer({ min: 0, max: 95 }),
    len: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ day, start, len }) => ({
    day,
    start: quarterClock(start),
    end: quarterClock(Math.min(96, start + len)),
  }));
const arbSchedule = fc.record({
  timezone: fc.constantFrom(...ZONES),
  windows: fc.array(arbWindow, { minLength: 1, maxLength: 6 }),
});
const JAN_2026 = Date.UTC(2026, 0, 1);
const arbHolidays = fc
  .uniqueArray(fc.integer({ min: 0, max: 75 }), { maxLength: 6 })
  .map(
    (days) =>
      new Map(days.map((d) => [new Date(JAN_2026 + d * 86_400_000).toISOString().slice(0, 10), 'Feriado'])),
  );
const arbInstant = fc.integer({ min: JAN_2026, max: Date.UTC(2026, 1, 28) }).map((ms) => new Date(ms));

describe('business hours, properties', () => {
  it('nextOpenTime is open, not before `from`, and no quarter hour between them is open', () => {
    fc.assert(
      fc.property(arbSchedule, arbHolidays, arbInstant, (schedule, holidays, from) => {
        const next = nextOpenTime(schedule, holidays, from);
        expect(next).not.toBeNull();
        if (!next) return;
        expect(next.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(businessHoursStatus(schedule, holidays, next).status).toBe('open');
        // Openings start on local quarter hours (or at `from`), so checking them finds any earlier one.
        for (let t = Math.ceil(from.getTime() / QUARTER) * QUARTER; t < next.getTime(); t += QUARTER) {
          expect(businessHoursStatus(schedule, holidays, new Date(t)).status).not.toBe('open');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an open instant is its own next opening; a holiday is never open', () => {
    fc.assert(
      fc.property(arbSchedule, arbHolidays, arbInstant, (schedule, holidays, t) => {
        const { status } = businessHoursStatus(schedule, holidays, t);
        if (status === 'open') expect(nextOpenTime(schedule, holidays, t)).toBe(t);
        else expect(nextOpenTime(schedule, holidays, t)?.getTime()).toBeGreaterThan(t.getTime());
        const withHoliday = new Map(holidays);
        withHoliday.set(
          new Intl.DateTimeFormat('en-CA', { timeZone: schedule.timezone }).format(t),
          'Feriado',
        );
        expect(businessHoursStatus(schedule, withHoliday, t).status).toBe('holiday');
      }),
      { numRuns: 300 },
    );
  });
});
