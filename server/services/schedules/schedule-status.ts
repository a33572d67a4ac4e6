import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { isTimeZone } from '@/lib/time-zone';
import { AppError } from '@/server/errors';
import { isUuid } from '@/server/services/citizens/ids';
import { type BusinessHoursStatus, businessHoursStatus, nextOpenTime, SEARCH_DAYS } from './business-hours';
import { holidayCalendar } from './holiday-calendar';

const DAY_MS = 86_400_000;

type ScheduleRef = { organizationId: string; scheduleId: string };

/** Open, closed or holiday at an instant, by one of the organismo's schedules. */
export async function scheduleStatusAt(
  db: Database,
  args: ScheduleRef & { at: string },
): Promise<BusinessHoursStatus> {
  const at = instant(args.at);
  const schedule = await loadSchedule(db, args);
  const holidays = await holidayCalendar(db, {
    organizationId: args.organizationId,
    nationalHolidays: schedule.nationalHolidays,
    ...dateRange(at, at),
  });
  return businessHoursStatus(schedule, holidays, at);
}

/** When one of the organismo's schedules next opens (ISO), or null if not within a year. */
export async function scheduleNextOpen(
  db: Database,
  args: ScheduleRef & { from: string },
): Promise<string | null> {
  const from = instant(args.from);
  const schedule = await loadSchedule(db, args);
  const holidays = await holidayCalendar(db, {
    organizationId: args.organizationId,
    nationalHolidays: schedule.nationalHolidays,
    ...dateRange(from, new Date(from.getTime() + (SEARCH_DAYS + 1) * DAY_MS)),
  });
  return nextOpenTime(schedule, holidays, from)?.toISOString() ?? null;
}

async function loadSchedule(db: Database, ref: ScheduleRef) {
  const row = isUuid(ref.scheduleId)
    ? await db.query.schedule.findFirst({
        where: and(
          eq(schema.schedule.id, ref.scheduleId),
          eq(schema.schedule.organizationId, ref.organizationId),
        ),
      })
    : undefined;
  if (!row) throw new AppError('NOT_FOUND', `Schedule ${ref.scheduleId} is not a schedule of this organismo`);
  if (!isTimeZone(row.timezone)) {
    throw new AppError('INVALID_INPUT', `Schedule "${row.name}" has an unknown time zone "${row.timezone}"`);
  }
  return row;
}

function instant(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new AppError('INVALID_INPUT', `"${value}" is not a date and time`);
  return at;
}

/** UTC dates a day wider on each side cover every local date in any time zone. */
function dateRange(from: Date, to: Date): { fromDate: string; toDate: string } {
  return {
    fromDate: new Date(from.getTime() - DAY_MS).toISOString().slice(0, 10),
    toDate: new Date(to.getTime() + DAY_MS).toISOString().slice(0, 10),
  };
}
