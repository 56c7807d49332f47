/**
 * Business days on the Korean public-holiday calendar, in Asia/Seoul: the clock for operating deadlines
 * (a provider's decision, overdue grace) that districts set in business days.
 *
 * Conventions (chosen because no statute fixes them; see policy.ts for the deadlines themselves):
 * - A business day is Monday-Friday that is neither a public holiday (holidays.ts) nor a configured extra
 *   holiday. Days are Seoul calendar days, whatever the host's time zone.
 * - addBusinessDays(instant, n) counts from the day AFTER the instant's Seoul date (the first day is not
 *   counted, as Civil Act Art. 157 counts periods), whatever the time of day, and ends at closing time
 *   (18:00 Seoul) of the nth business day. So a referral sent on Friday with n = 3 is due Wednesday 18:00.
 * - n = 0 means "by closing time today": the instant's own day at 18:00 if it is a business day and the
 *   instant is not past 18:00, otherwise the next business day at 18:00.
 * - businessDaysBetween(a, b) counts business days d with date(a) < d <= date(b), so that
 *   businessDaysBetween(x, addBusinessDays(x, n)) === n.
 */
import { isPublicHoliday } from './holidays';
import { addDays, dayOfWeek, seoulDateOf, seoulDateTime, toInstant } from './seoul-date';

export const DEFAULT_CLOSING_HOUR = 18;

export interface CalendarOptions {
  /** Ad-hoc holidays (임시공휴일, election days), ISO dates, usually from the district policy. */
  extraHolidays?: readonly string[];
  /** Hour (Seoul) at which a business day ends; default 18. */
  closingHour?: number;
}

/** Whether a Seoul calendar date (or the Seoul date of an instant) is a business day. */
export function isBusinessDay(date: string | Date, opts: CalendarOptions = {}): boolean {
  const iso = seoulDateOf(date);
  const dow = dayOfWeek(iso);
  return dow !== 0 && dow !== 6 && !isPublicHoliday(iso, opts.extraHolidays);
}

/** The first business day strictly after a Seoul date. */
export function nextBusinessDay(isoDate: string, opts: CalendarOptions = {}): string {
  let day = addDays(isoDate, 1);
  // Bounded: Korea never has more than ~10 consecutive days off; a long loop means bad configuration.
  for (let guard = 0; !isBusinessDay(day, opts); guard++) {
    if (guard > 60) throw new Error(`no business day within 60 days after ${isoDate}: check extraHolidays`);
    day = addDays(day, 1);
  }
  return day;
}

function closingHourOf(opts: CalendarOptions): number {
  const hour = opts.closingHour ?? DEFAULT_CLOSING_HOUR;
  if (!Number.isInteger(hour) || hour < 1 || hour > 24) throw new Error(`closingHour must be 1..24, got ${hour}`);
  return hour;
}

/** The deadline n business days after an instant: closing time of the nth business day (see the top). */
export function addBusinessDays(instant: Date | string, n: number, opts: CalendarOptions = {}): Date {
  if (!Number.isInteger(n) || n < 0) throw new Error(`business days must be a whole number >= 0, got ${n}`);
  const closing = closingHourOf(opts);
  const at = toInstant(instant);
  const today = seoulDateOf(at);
  if (n === 0) {
    const closesToday = seoulDateTime(today, closing);
    if (isBusinessDay(today, opts) && at.getTime() <= closesToday.getTime()) return closesToday;
    return seoulDateTime(nextBusinessDay(today, opts), closing);
  }
  let day = today;
  for (let i = 0; i < n; i++) day = nextBusinessDay(day, opts);
  return seoulDateTime(day, closing);
}

/** Business days d with date(from) < d <= date(to), in Seoul; negative when `to` is before `from`. */
export function businessDaysBetween(from: Date | string, to: Date | string, opts: CalendarOptions = {}): number {
  const a = seoulDateOf(from);
  const b = seoulDateOf(to);
  if (b < a) return -businessDaysBetween(to, from, opts);
  let count = 0;
  for (let day = addDays(a, 1); day <= b; day = addDays(day, 1)) if (isBusinessDay(day, opts)) count++;
  return count;
}
