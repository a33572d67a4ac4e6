import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CampaignSchedule, ZCampaignSchedule } from '../contracts/campaign';
import {
  dueTime,
  type HolidayCalendar,
  localDateKey,
  nextCallableTime,
  relativeFireTime,
  whyNotNow,
  windowsFor,
} from './schedule';

const CORDOBA = 'America/Argentina/Cordoba';
const schedule = (over: Partial<CampaignSchedule> = {}): CampaignSchedule =>
  ZCampaignSchedule.parse({ holidays: 'none', ...over });
const none: HolidayCalendar = new Map();
const at = (iso: string) => new Date(iso);

describe('campaign schedule, concrete cases', () => {
  it('defaults to Mon–Fri 08:00–18:00 Córdoba and a channel may have its own windows', () => {
    const s = schedule({ channelWindows: { email: [{ day: 6, start: '10:00', end: '12:00' }] } });
    // 2026-05-15 is a Friday; 21:00Z is 18:00 Córdoba, just closed.
    expect(
      nextCallableTime({ schedule: s, channel: 'sms', holidays: none, from: at('2026-05-15T21:00:00Z') }),
    ).toEqual(at('2026-05-18T11:00:00Z'));
    expect(windowsFor(s, 'email')).toEqual([{ day: 6, start: '10:00', end: '12:00' }]);
    expect(
      nextCallableTime({ schedule: s, channel: 'email', holidays: none, from: at('2026-05-15T21:00:00Z') }),
    ).toEqual(at('2026-05-16T13:00:00Z'));
  });

  it('skips holidays, honours start and end, and uses the citizen’s zone when given', () => {
    const holidays = new Map([['2026-05-25', 'Revolución de Mayo']]);
    const s = schedule({ startAt: '2026-05-26T00:00:00Z', endAt: '2026-05-28T00:00:00Z' });
    // Monday 25 is a holiday and before the start anyway; Tuesday 26 08:00 Córdoba is the first.
    expect(
      nextCallableTime({ schedule: s, channel: 'sms', holidays, from: at('2026-05-25T12:00:00Z') }),
    ).toEqual(at('2026-05-26T11:00:00Z'));
    // After the end: nothing.
    expect(
      nextCallableTime({ schedule: s, channel: 'sms', holidays, from: at('2026-05-27T21:00:00Z') }),
    ).toBeNull();
    // A citizen in Madrid (UTC+2 in May) opens at 08:00 Madrid = 06:00Z.
    expect(
      nextCallableTime({
        schedule: schedule(),
        channel: 'sms',
        holidays: none,
        from: at('2026-05-18T03:00:00Z'),
        timeZone: 'Europe/Madrid',
      }),
    ).toEqual(at('2026-05-18T06:00:00Z'));
  });

  it('computes date-relative fire times on the right local date and minute', () => {
    const rule = { field: 'dose_date', offsetDays: -3, at: '10:00' };
    expect(relativeFireTime(rule, '2026-06-04', CORDOBA)).toEqual(at('2026-06-01T13:00:00Z'));
    // "The day after the due date at 09:00", across a month end.
    expect(relativeFireTime({ field: 'due', offsetDays: 1, at: '09:00' }, '2026-01-31', CORDOBA)).toEqual(
      at('2026-02-01T12:00:00Z'),
    );
    expect(relativeFireTime(rule, '', CORDOBA)).toBeNull();
    expect(relativeFireTime(rule, '2026-02-30', CORDOBA)).toBeNull();
    expect(relativeFireTime(rule, null, CORDOBA)).toBeNull();
  });

  it('moves a fire time outside the window to the window’s next opening', () => {
    // 3 days before Wednesday 2026-06-10 is Sunday the 7th: due Monday 08:00.
    const rule = { field: 'dose_date', offsetDays: -3, at: '10:00' };
    expect(
      dueTime({ schedule: schedule(), channel: 'sms', holidays: none, rule, dateValue: '2026-06-10' }),
    ).toEqual(at('2026-06-08T11:00:00Z'));
  });

  it('explains why a contact is not contacted now', () => {
    const s = schedule();
    const base = { schedule: s, channel: 'sms' as const, holidays: none, attempts: 0 };
    const monday11 = at('2026-05-18T14:00:00Z');
    expect(whyNotNow({ ...base, now: monday11 })).toBeNull();
    expect(whyNotNow({ ...base, now: at('2026-05-18T22:00:00Z') })).toBe('outside_window');
    expect(whyNotNow({ ...base, holidays: new Map([['2026-05-18', 'Feriado']]), now: monday11 })).toBe(
      'holiday',
    );
    const retries = { no_answer: { max: 1, delayMinutes: 60 } };
    const lastAttemptAt = at('2026-05-18T13:30:00Z');
    expect(
      whyNotNow({ ...base, now: monday11, attempts: 1, lastOutcome: 'no_answer', lastAttemptAt, retries }),
    ).toBe('retry_delay');
    expect(
      whyNotNow({
        ...base,
        now: at('2026-05-18T14:30:00Z'),
        attempts: 1,
        lastOutcome: 'no_answer',
        lastAttemptAt,
        retries,
      }),
    ).toBeNull();
    expect(
      whyNotNow({ ...base, now: monday11, attempts: 2, lastOutcome: 'no_answer', lastAttemptAt, retries }),
    ).toBe('max_attempts');
    expect(
      whyNotNow({ ...base, now: monday11, attempts: 1, lastOutcome: 'busy', lastAttemptAt, retries }),
    ).toBe('max_attempts');
    const relative = { field: 'dose_date', offsetDays: -1, at: '10:00' };
    expect(whyNotNow({ ...base, now: monday11, relative, dateValue: undefined })).toBe('date_missing');
    expect(whyNotNow({ ...base, now: monday11, relative, dateValue: '2026-05-25' })).toBe('not_yet_due');
    expect(whyNotNow({ ...base, now: monday11, relative, dateValue: '2026-05-19' })).toBeNull();
    // Due on Monday the 18th at 10:00: the rest of that day is its grace, Tuesday it has passed.
    expect(whyNotNow({ ...base, now: at('2026-05-19T14:00:00Z'), relative, dateValue: '2026-05-19' })).toBe(
      'date_passed',
    );
  });
});

// Zones with daylight saving (Santiago: UTC−4/−3, the jump at local midnight; Madrid: UTC+1/+2) and
// Argentina's. Their offsets are whole hours, so local quarter hours are UTC quarter hours.
const ZONES = [CORDOBA, 'America/Santiago', 'Europe/Madrid', 'America/Argentina/Buenos_Aires'];
const QUARTER = 15 * 60_000;
const DAY = 86_400_000;
// March to November 2026 holds the four transitions: Madrid 03-29 and 10-25, Santiago 04-05 and 09-06.
const FROM = Date.UTC(2026, 2, 1);
const TO = Date.UTC(2026, 10, 1);
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
const arbSchedule = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    windows: fc.array(arbWindow, { minLength: 1, maxLength: 6 }),
    sms: fc.option(fc.array(arbWindow, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    startAt: fc.option(fc.integer({ min: FROM, max: TO }), { nil: undefined }),
    span: fc.integer({ min: DAY, max: 120 * DAY }),
  })
  .map(({ timeZone, windows, sms, startAt, span }) =>
    schedule({
      timeZone,
      windows,
      channelWindows: sms ? { sms } : {},
      startAt: startAt === undefined ? null : new Date(startAt).toISOString(),
      endAt: startAt === undefined ? null : new Date(startAt + span).toISOString(),
    }),
  );
const arbHolidays = fc
  .uniqueArray(fc.integer({ min: 0, max: 250 }), { maxLength: 12 })
  .map((days) => new Map(days.map((d) => [new Date(FROM + d * DAY).toISOString().slice(0, 10), 'Feriado'])));
const arbInstant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));
const arbZone = fc.option(fc.constantFrom(...ZONES), { nil: undefined });
const arbChannel = fc.constantFrom('sms' as const, 'voice' as const);

const formats = new Map<string, Intl.DateTimeFormat>();
/** Local wall clock by Intl directly, not by the code under test (one formatter per zone: speed). */
function zonedParts(t: Date, zone: string) {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formats.set(zone, f);
  }
  const parts = f.formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  };
}

function openByIntl(
  s: CampaignSchedule,
  channel: 'sms' | 'voice',
  holidays: HolidayCalendar,
  zone: string,
  t: Date,
) {
  const p = zonedParts(t, zone);
  const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  if (holidays.has(date)) return false;
  if (s.startAt && t.getTime() < Date.parse(s.startAt)) return false;
  if (s.endAt && t.getTime() >= Date.parse(s.endAt)) return false;
  const minute = p.hour * 60 + p.minute;
  const toMin = (c: string) => Number(c.slice(0, 2)) * 60 + Number(c.slice(3));
  return windowsFor(s, channel).some(
    (w) => w.day === p.weekday && toMin(w.start) <= minute && minute < toMin(w.end),
  );
}

describe('campaign schedule, properties (DST zones, holidays, per-channel windows)', () => {
  it('never returns an instant outside a window or on a holiday, and none earlier is callable', () => {
    fc.assert(
      fc.property(
        arbSchedule,
        arbChannel,
        arbHolidays,
        arbInstant,
        arbZone,
        (s, channel, holidays, from, tz) => {
          const zone = tz ?? s.timeZone;
          const next = nextCallableTime({ schedule: s, channel, holidays, from, timeZone: tz });
          if (next) {
            expect(next.getTime()).toBeGreaterThanOrEqual(from.getTime());
            expect(openByIntl(s, channel, holidays, zone, next)).toBe(true);
            expect(
              whyNotNow({ schedule: s, channel, holidays, timeZone: tz, now: next, attempts: 0 }),
            ).toBeNull();
          }
          // Openings fall on quarter hours (or `from`, or startAt): checking them finds any earlier one.
          const end = Math.min(next ? next.getTime() : Number.POSITIVE_INFINITY, from.getTime() + 8 * DAY);
          for (let t = Math.ceil(from.getTime() / QUARTER) * QUARTER; t < end; t += QUARTER) {
            expect(openByIntl(s, channel, holidays, zone, new Date(t)), new Date(t).toISOString()).toBe(
              false,
            );
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('is monotonic: a later `from` never gives an earlier time', () => {
    fc.assert(
      fc.property(arbSchedule, arbHolidays, arbInstant, arbInstant, arbZone, (s, holidays, a, b, tz) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const first = nextCallableTime({ schedule: s, channel: 'sms', holidays, from: early, timeZone: tz });
        const second = nextCallableTime({ schedule: s, channel: 'sms', holidays, from: late, timeZone: tz });
        if (first && second) expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
        // Nothing callable from the earlier instant means nothing from the later one.
        if (!first) expect(second).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('puts a relative fire time on the right local date and minute (a skipped minute moves by the jump)', () => {
    const arbRule = fc.record({
      field: fc.constant('dose_date'),
      offsetDays: fc.integer({ min: -30, max: 30 }),
      at: fc
        .integer({ min: 0, max: 1439 })
        .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`),
    });
    const arbDate = fc
      .integer({ min: 0, max: 400 })
      .map((d) => new Date(FROM + d * DAY).toISOString().slice(0, 10));
    fc.assert(
      fc.property(arbRule, arbDate, fc.constantFrom(...ZONES), (rule, date, zone) => {
        const fire = relativeFireTime(rule, date, zone);
        expect(fire).not.toBeNull();
        if (!fire) return;
        const expected = new Date(Date.parse(`${date}T00:00:00Z`) + rule.offsetDays * DAY)
          .toISOString()
          .slice(0, 10);
        expect(localDateKey(fire, zone)).toBe(expected);
        const p = zonedParts(fire, zone);
        const wanted = Number(rule.at.slice(0, 2)) * 60 + Number(rule.at.slice(3));
        const shown = p.hour * 60 + p.minute;
        if (shown !== wanted) {
          // Only where the wall clock jumped: the zone's offset changed within the hour before.
          expect(shown).toBe(wanted + 60);
          const before = zonedParts(new Date(fire.getTime() - 60 * 60_000), zone);
          expect(before.hour * 60 + before.minute).not.toBe(wanted);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a due time is callable and not before the fire time', () => {
    const arbRule = fc.record({
      field: fc.constant('due'),
      offsetDays: fc.integer({ min: -10, max: 10 }),
      at: fc.integer({ min: 0, max: 95 }).map(quarterClock),
    });
    const arbDate = fc
      .integer({ min: 0, max: 200 })
      .map((d) => new Date(FROM + d * DAY).toISOString().slice(0, 10));
    fc.assert(
      fc.property(arbSchedule, arbHolidays, arbRule, arbDate, (s, holidays, rule, date) => {
        const due = dueTime({ schedule: s, channel: 'voice', holidays, rule, dateValue: date });
        const fire = relativeFireTime(rule, date, s.timeZone);
        if (!due || !fire) return;
        expect(due.getTime()).toBeGreaterThanOrEqual(fire.getTime());
        expect(openByIntl(s, 'voice', holidays, s.timeZone, due)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
