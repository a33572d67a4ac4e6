// The evaluation is pure and shared with the campaign schedules: it lives in lib/business-hours.ts.
export {
  type BusinessHoursStatus,
  type BusinessSchedule,
  businessHoursStatus,
  type HolidayCalendar,
  nextOpenTime,
  parseClock,
  SEARCH_DAYS,
  weeklyMinutes,
} from '@/lib/business-hours';
