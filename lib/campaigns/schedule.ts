import { TZDate } from '@date-fns/tz';
import { businessHoursStatus, type HolidayCalendar, nextOpenTime } from '../business-hours';
import type {
  CallingWindow,
  CampaignChannel,
  CampaignRetries,
  CampaignSchedule,
  EligibilityReason,
  RelativeRule,
  RetryableOutcome,
} from '../contracts/campaign';
import { RETRYABLE_OUTCOMES } from '../contracts/campaign';

/**
 * When a campaign may contact a citizen: calling windows per weekday and per channel, holidays
 * (national + province + the organismo's own, as a HolidayCalendar the caller builds), start and end,
 * in the campaign's time zone or the citizen's where known. Pure: the campaign workflow, its
 * activities and the pages all use it, so they never disagree.
 */

export type { HolidayCalendar };

type Where = {
  schedule: CampaignSchedule;
  channel: CampaignChannel;
  holidays: HolidayCalendar;
  /** The citizen's own time zone when known; the campaign's otherwise. */
  timeZone?: string | null | undefined;
};

/** The windows a channel dials in: its own when it has them, else the campaign's. */
export function windowsFor(schedule: CampaignSchedule, channel: CampaignChannel): CallingWindow[] {
  return schedule.channelWindows[channel] ?? schedule.windows;
}

/**
 * The first instant at or after `from` when the campaign may contact on this channel: inside a
 * window of that local weekday, not on a holiday of that local date, on or after startAt and before
 * endAt. Null when there is none (no windows, past endAt, nothing open within a year).
 */
export function nextCallableTime(args: Where & { from: Date }): Date | null {
  const { schedule } = args;
  const startAt = schedule.startAt ? Date.parse(schedule.startAt) : null;
  const endAt = schedule.endAt ? Date.parse(schedule.endAt) : null;
  const from = startAt !== null && startAt > args.from.getTime() ? new Date(startAt) : args.from;
  const next = nextOpenTime(businessSchedule(args), args.holidays, from);
  if (!next) return null;
  if (endAt !== null && next.getTime() >= endAt) return null;
  return next;
}

/** Whether the campaign may contact on this channel at `at` (window, holiday, start and end). */
export function isCallable(args: Where & { at: Date }): boolean {
  return whyNotInWindow(args) === null;
}

/**
 * A date-relative rule's fire time for one contact: the local date `dateValue + offsetDays` at the
 * rule's local minute, in `timeZone`. Null when the date is missing or not a date. The fire time
 * itself ignores the windows; `dueTime` moves it into them.
 */
export function relativeFireTime(rule: RelativeRule, dateValue: unknown, timeZone: string): Date | null {
  const date = parseLocalDate(dateValue);
  if (!date) return null;
  const [hour = 0, minute = 0] = rule.at.split(':').map(Number);
  const minutes = hour * 60 + minute;
  // Calendar arithmetic in UTC so months and years roll over ("24:00" is the next midnight); then
  // the wall clock in the zone (a minute a daylight-saving jump skips is shifted forward by the jump).
  const day = new Date(
    Date.UTC(date.year, date.month - 1, date.day + rule.offsetDays + Math.floor(minutes / 1440)),
  );
  const local = new TZDate(
    day.getUTCFullYear(),
    day.getUTCMonth(),
    day.getUTCDate(),
    Math.floor((minutes % 1440) / 60),
    minutes % 60,
    timeZone,
  );
  return new Date(local.getTime());
}

/**
 * When a date-relative contact is due: its fire time, or — the rule chosen here — when that falls
 * outside the windows or on a holiday, the windows' NEXT opening after it (never an earlier one: a
 * reminder at 10:00 on a Sunday goes out Monday at the window's start, not Friday). Null when the date
 * is missing or nothing opens.
 */
export function dueTime(args: Where & { rule: RelativeRule; dateValue: unknown }): Date | null {
  const fire = relativeFireTime(args.rule, args.dateValue, zoneOf(args));
  if (!fire) return null;
  return nextCallableTime({ ...args, from: fire });
}

export type ContactTiming = {
  now: Date;
  /** Attempts made so far (0 before the first). */
  attempts: number;
  lastOutcome?: string | null | undefined;
  lastAttemptAt?: Date | null | undefined;
  retries?: CampaignRetries | undefined;
  /** Date-relative campaigns: the rule and the contact's value of its date field. */
  relative?: RelativeRule | null | undefined;
  dateValue?: unknown;
};

/**
 * Why a contact may not be contacted at `now`, or null when it may. In this order: its date
 * (date_missing, not_yet_due, date_passed), its attempts (max_attempts, retry_delay), then the clock
 * (holiday, outside_window). A date-relative contact's date has passed when the local day it was due
 * on (its fire time moved into the windows) is over: the rest of that day is its grace.
 */
export function whyNotNow(args: Where & ContactTiming): EligibilityReason | null {
  if (args.relative) {
    const fire = relativeFireTime(args.relative, args.dateValue, zoneOf(args));
    if (!fire) return 'date_missing';
    if (args.now.getTime() < fire.getTime()) return 'not_yet_due';
    const due = nextCallableTime({ ...args, from: fire });
    if (!due || localDateKey(args.now, zoneOf(args)) > localDateKey(due, zoneOf(args))) return 'date_passed';
  }
  if (args.attempts > 0) {
    const rule = isRetryable(args.lastOutcome) ? args.retries?.[args.lastOutcome] : undefined;
    if (!rule || args.attempts > rule.max) return 'max_attempts';
    const last = args.lastAttemptAt?.getTime();
    if (last !== undefined && args.now.getTime() < last + rule.delayMinutes * 60_000) return 'retry_delay';
  }
  return whyNotInWindow({ ...args, at: args.now });
}

function whyNotInWindow(args: Where & { at: Date }): 'holiday' | 'outside_window' | null {
  const { schedule } = args;
  const t = args.at.getTime();
  if (schedule.startAt && t < Date.parse(schedule.startAt)) return 'outside_window';
  if (schedule.endAt && t >= Date.parse(schedule.endAt)) return 'outside_window';
  const status = businessHoursStatus(businessSchedule(args), args.holidays, args.at).status;
  if (status === 'holiday') return 'holiday';
  return status === 'open' ? null : 'outside_window';
}

function businessSchedule(args: Where) {
  return { timezone: zoneOf(args), windows: windowsFor(args.schedule, args.channel) };
}

function zoneOf(args: Where): string {
  return args.timeZone || args.schedule.timeZone;
}

function isRetryable(outcome: string | null | undefined): outcome is RetryableOutcome {
  return typeof outcome === 'string' && (RETRYABLE_OUTCOMES as readonly string[]).includes(outcome);
}

/** "YYYY-MM-DD" (or an ISO instant's date part, or a Date's UTC date) → its parts; null otherwise. */
export function parseLocalDate(value: unknown): { year: number; month: number; day: number } | null {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day };
}

/** The local date of an instant in a zone, "YYYY-MM-DD" (sortable). */
export function localDateKey(at: Date, timeZone: string): string {
  const local = new TZDate(at.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}
