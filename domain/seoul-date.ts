/**
 * Calendar dates and instants in Asia/Seoul, without the host's time zone.
 * Why a fixed +09:00: Korea has had no daylight-saving time since 1988, so a constant offset is exact for
 * every date the engine will see, and it keeps results identical on any machine (CI, workers, laptops)
 * whatever its TZ setting. Dates are ISO strings 'YYYY-MM-DD' meaning the Seoul calendar day.
 */
export const SEOUL_OFFSET_HOURS = 9;
const SEOUL_OFFSET_MS = SEOUL_OFFSET_HOURS * 3_600_000;
const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant must say its offset: a bare local time would be read in the host's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

export function assertIsoDate(value: string, what = 'date'): void {
  if (!isIsoDate(value)) throw new Error(`${what} must be a real calendar date 'YYYY-MM-DD', got '${value}'`);
}

/** Days since 1970-01-01 of a Seoul calendar date: the unit all date arithmetic below works in. */
function dayNumber(isoDate: string): number {
  assertIsoDate(isoDate);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Reads an instant. A Date is taken as is; 'YYYY-MM-DD' means 00:00 that day in Seoul; a full ISO string
 * must carry 'Z' or an offset. Anything else throws rather than guess.
 */
export function toInstant(value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('invalid Date');
    return new Date(value.getTime());
  }
  if (ISO_DATE.test(value)) return seoulDateTime(value, 0);
  if (!ISO_INSTANT.test(value)) {
    throw new Error(`instant must be 'YYYY-MM-DD' or ISO 8601 with 'Z' or an offset, got '${value}'`);
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new Error(`invalid instant '${value}'`);
  return instant;
}

/** The Seoul calendar date on which an instant falls. */
export function seoulDateOf(value: Date | string): string {
  return new Date(toInstant(value).getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of hour:minute on a Seoul calendar date. */
export function seoulDateTime(isoDate: string, hour: number, minute = 0): Date {
  return new Date(dayNumber(isoDate) * DAY_MS + (hour * 60 + minute) * 60_000 - SEOUL_OFFSET_MS);
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(dayNumber(isoDate) + days);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(isoDate) + 4) % 7) + 7) % 7;
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29).
 * Why clamp: Civil Act Arts. 157 and 160 end a period "of months" on the day before the corresponding day
 * counted from the day after the start, or on the month's last day when there is no corresponding day;
 * that is exactly the same-day-of-month date, clamped.
 */
export function addMonths(isoDate: string, months: number): string {
  assertIsoDate(isoDate);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = y * 12 + (m - 1) + months;
  const ty = Math.floor(target / 12);
  const tm = target - ty * 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(ty, tm, Math.min(d, lastDay)) / DAY_MS);
}

/** Completed years between a birth date and a date (만 나이), as Korean law counts age. */
export function ageInYears(birthDate: string, asOf: string): number {
  assertIsoDate(birthDate, 'birthDate');
  assertIsoDate(asOf, 'asOf');
  if (asOf < birthDate) throw new Error(`asOf ${asOf} is before birthDate ${birthDate}`);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  // A 29 February birthday is reached on 1 March in common years (Civil Act Art. 160(3)).
  const beforeBirthday = am * 100 + ad < bm * 100 + bd;
  return ay - by - (beforeBirthday ? 1 : 0);
}
