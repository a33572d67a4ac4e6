import Holidays from 'date-holidays';
import { and, between, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { HolidayCalendar } from './business-hours';

/**
 * The holidays a schedule observes between two dates: public holidays of its national calendar
 * ("AR", or "AR-<state>"; empty or "none" for none) and the organismo's own `holiday` rows.
 * The organismo's name wins when both list a date.
 */
export async function holidayCalendar(
  db: Database,
  args: { organizationId: string; nationalHolidays: string; fromDate: string; toDate: string },
): Promise<HolidayCalendar> {
  const calendar = new Map<string, string>();
  const fromYear = Number(args.fromDate.slice(0, 4));
  const toYear = Number(args.toDate.slice(0, 4));
  for (let year = fromYear; year <= toYear; year++) {
    for (const [date, name] of nationalHolidays(args.nationalHolidays, year)) {
      if (date >= args.fromDate && date <= args.toDate) calendar.set(date, name);
    }
  }
  const own = await db
    .select({ date: schema.holiday.date, name: schema.holiday.name })
    .from(schema.holiday)
    .where(
      and(
        eq(schema.holiday.organizationId, args.organizationId),
        between(schema.holiday.date, args.fromDate, args.toDate),
      ),
    );
  for (const h of own) calendar.set(h.date, h.name);
  return calendar;
}

const yearly = new Map<string, ReadonlyMap<string, string>>();

/** Public holidays of a country (or state) in a year, as local dates; computed once per process. */
export function nationalHolidays(code: string, year: number): ReadonlyMap<string, string> {
  const normalized = code.trim().toUpperCase();
  if (!normalized || normalized === 'NONE') return new Map();
  const key = `${normalized}:${year}`;
  const cached = yearly.get(key);
  if (cached) return cached;
  const [country = '', state] = normalized.split('-');
  const hd = state ? new Holidays(country, state) : new Holidays(country);
  const days = new Map<string, string>();
  for (const h of hd.getHolidays(year, 'es')) {
    if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
  }
  yearly.set(key, days);
  return days;
}
