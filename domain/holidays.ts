/**
 * Korean public holidays (관공서의 공휴일), from the date-holidays library, with one correction and with
 * ad-hoc extra holidays from configuration.
 *
 * Why a library: the lunar holidays (설날, 석가탄신일, 추석) and substitute-holiday rules (대체공휴일) change
 * every year; a hand-kept list rots. Why a correction: date-holidays 3.37 anchors Seollal's three-day span
 * (rule `korean 01-0-01 P3D`) on the first lunar day instead of the day before, so for 2026 it marks
 * Feb 17-19 instead of the real Feb 16-18 (date-holidays issue 640; see the comments in its KR.yaml). The
 * start of that span IS the lunar new year's day, so the real holidays are the day before, the day itself
 * and the day after. The library's Seollal *substitute* days are already keyed on the corrected dates and
 * are kept as they come. If a future library version changes the rule, the correction no longer fires and
 * the Seollal tests in calendar.test.ts will say so.
 * Why election days: they are public holidays by law (Regulation Art. 2 item 10) and the library does not know
 * them; they are data with their source in election-days.ts. Why extra holidays: temporary holidays (임시공휴일,
 * e.g. 2025-01-27, item 11) are declared at short notice; they come from the district policy as ISO dates.
 */
import Holidays from 'date-holidays';
import { ELECTION_DAYS } from './election-days';
import { addDays, assertIsoDate } from './seoul-date';

const DAY_MS = 86_400_000;
const BUGGY_SEOLLAL_RULE = 'korean 01-0-01';
const SEOLLAL_KO = '설날';

let library: Holidays | undefined;
/** Per-year cache: computing lunar dates is slow, and deadlines ask about the same years again and again. */
const byYear = new Map<number, ReadonlyMap<string, readonly string[]>>();

/** The public holidays of a year as date → names (several holidays can share a day). Cached per year. */
export function koreanPublicHolidays(year: number): ReadonlyMap<string, readonly string[]> {
  const cached = byYear.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`holiday year out of range: ${year}`);
  library ??= new Holidays('KR');
  const days = new Map<string, string[]>();
  const add = (date: string, name: string) => {
    const names = days.get(date) ?? [];
    if (!names.includes(name)) names.push(name);
    days.set(date, names);
  };
  for (const h of library.getHolidays(year)) {
    // Observances (e.g. Constitution Day before 2026) are not days off.
    if (h.type !== 'public') continue;
    const first = h.date.slice(0, 10); // local date in Asia/Seoul, whatever the host's zone
    if (h.rule.startsWith(BUGGY_SEOLLAL_RULE)) {
      for (const offset of [-1, 0, 1]) add(addDays(first, offset), SEOLLAL_KO);
      continue;
    }
    const span = Math.max(1, Math.round((new Date(h.end).getTime() - new Date(h.start).getTime()) / DAY_MS));
    for (let i = 0; i < span; i++) add(addDays(first, i), h.name);
  }
  for (const e of ELECTION_DAYS) if (e.date.startsWith(`${year}-`)) add(e.date, e.nameKo);
  const frozen: ReadonlyMap<string, readonly string[]> = new Map([...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  byYear.set(year, frozen);
  return frozen;
}

/** Names of the holidays on a date (election days included; '임시공휴일' for a configured extra one); empty when none. */
export function holidayNames(isoDate: string, extraHolidays: readonly string[] = []): readonly string[] {
  assertIsoDate(isoDate);
  const names = [...(koreanPublicHolidays(Number(isoDate.slice(0, 4))).get(isoDate) ?? [])];
  for (const extra of extraHolidays) assertIsoDate(extra, 'extra holiday');
  if (extraHolidays.includes(isoDate)) names.push('임시공휴일');
  return names;
}

export function isPublicHoliday(isoDate: string, extraHolidays: readonly string[] = []): boolean {
  return holidayNames(isoDate, extraHolidays).length > 0;
}
