/**
 * Business hours and holidays, pure: the back-office schedules (server/services/schedules) and the
 * campaign calling windows (lib/campaigns/schedule.ts, which the campaign engine shares) use it.
 */
import { TZDate } from '@date-fns/tz';

/** A weekly window in local time (0 = Sunday), as db/schema's WeeklyWindow and the campaign contract's. */
export type WeeklyWindow = { day: number; start: string; end: string };

/** A schedule as the evaluation needs it: weekly windows in local time of its time zone. */
export type BusinessSchedule = { timezone: string; windows: readonly WeeklyWindow[] };

/** Local date "YYYY-MM-DD" → holiday name: national (date-holidays) and the organismo's own. */
export type HolidayCalendar = ReadonlyMap<string, string>;

export type BusinessHoursStatus = { status: 'open' | 'closed' | 'holiday'; holidayName: string | null };

/** How far nextOpenTime looks ahead: a year, so yearly holidays and rare windows are covered. */
export const SEARCH_DAYS = 366;

/**
 * Whether the schedule is open at an instant. A holiday closes the whole local day; otherwise it is
 * open inside a window [start, end) of that weekday. Windows may be split ("08:00"–"12:00" and
 * "14:00"–"18:00") and may end at "24:00"; a window that ends before it starts is ignored.
 */
export function businessHoursStatus(
  schedule: BusinessSchedule,
  holidays: HolidayCalendar,
  at: Date,
): BusinessHoursStatus {
  const local = new TZDate(at.getTime(), schedule.timezone);
  const holidayName = holidays.get(dateKey(local.getFullYear(), local.getMonth() + 1, local.getDate()));
  if (holidayName !== undefined) return { status: 'holiday', holidayName };
  const minute = local.getHours() * 60 + local.getMinutes();
  const open = weeklyMinutes(schedule.windows)[local.getDay()]?.some(
    ([start, end]) => start <= minute && minute < end,
  );
  return { status: open ? 'open' : 'closed', holidayName: null };
}

/** The first instant at or after `from` when the schedule is open; null if it is not open within SEARCH_DAYS. */
export function nextOpenTime(
  schedule: BusinessSchedule,
  holidays: HolidayCalendar,
  from: Date,
  searchDays = SEARCH_DAYS,
): Date | null {
  if (businessHoursStatus(schedule, holidays, from).status === 'open') return from;
  const byDay = weeklyMinutes(schedule.windows);
  if (byDay.every((w) => w.length === 0)) return null;
  const start = new TZDate(from.getTime(), schedule.timezone);
  for (let i = 0; i <= searchDays; i++) {
    // Calendar arithmetic in UTC: month and year roll over without time-zone effects.
    const day = new Date(Date.UTC(start.getFullYear(), start.getMonth(), start.getDate() + i));
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()];
    if (holidays.has(dateKey(y, m + 1, d))) continue;
    for (const [startMinute, endMinute] of byDay[day.getUTCDay()] ?? []) {
      const opens = localInstant(y, m, d, startMinute, schedule.timezone);
      const closes = localInstant(y, m, d, endMinute, schedule.timezone);
      if (closes <= from.getTime() || opens < from.getTime()) continue;
      const candidate = new Date(opens);
      // Guards a window start that a daylight-saving jump skips or repeats.
      if (businessHoursStatus(schedule, holidays, candidate).status === 'open') return candidate;
    }
  }
  return null;
}

/** Windows per weekday (0 = Sunday) as sorted [startMinute, endMinute) pairs; invalid ones dropped. */
export function weeklyMinutes(windows: readonly WeeklyWindow[]): [number, number][][] {
  const byDay: [number, number][][] = [[], [], [], [], [], [], []];
  for (const w of windows) {
    const start = parseClock(w.start, false);
    const end = parseClock(w.end, true);
    const slot = Number.isInteger(w.day) ? byDay[w.day] : undefined;
    if (slot && start !== null && end !== null && start < end) slot.push([start, end]);
  }
  for (const slot of byDay) slot.sort((a, b) => a[0] - b[0]);
  return byDay;
}

/** "HH:MM" → minutes since local midnight; "24:00" only as a window's end. */
export function parseClock(value: string, isEnd: boolean): number | null {
  if (isEnd && value === '24:00') return 24 * 60;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function dateKey(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function localInstant(
  year: number,
  monthIndex: number,
  day: number,
  minute: number,
  timeZone: string,
): number {
  // Minute 1440 ("24:00") rolls over to the next day's midnight.
  return new TZDate(year, monthIndex, day, Math.floor(minute / 60), minute % 60, timeZone).getTime();
}
