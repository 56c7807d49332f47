/**
 * Regulation on Holidays of Government Offices Art. 2 item 10: the polling day of an election at the end of a
 * term (Public Official Election Act Art. 34) is a public holiday, so it is in the calendar by default.
 */
import { addBusinessDays, isBusinessDay } from './calendar';
import { ART_34_DAYS_BEFORE_TERM_ENDS, ELECTION_DAYS, type ElectionKind } from './election-days';
import { holidayNames, isPublicHoliday } from './holidays';
import { addDays, dayOfWeek } from './seoul-date';

/** Art. 34(1): the first Wednesday on or after the Nth day before the term ends; (2): a week later while that
 * day, or the day before or after it, is a public holiday (other than an election day). */
function art34PollingDay(kind: ElectionKind, termEnds: string): string {
  let day = addDays(termEnds, -ART_34_DAYS_BEFORE_TERM_ENDS[kind]);
  while (dayOfWeek(day) !== 3) day = addDays(day, 1);
  const holiday = (d: string) => holidayNames(d).some((n) => !ELECTION_DAYS.some((e) => e.nameKo === n));
  while ([-1, 0, 1].some((o) => holiday(addDays(day, o)))) day = addDays(day, 7);
  return day;
}

describe('Regulation Art. 2 item 10: election days by law are public holidays', () => {
  test.each(ELECTION_DAYS.map((e) => [e.date, e.kind, e.termEnds]))(
    '%s (%s) is the Art. 34 polling day for a term ending %s',
    (date, kind, termEnds) => {
      expect(art34PollingDay(kind as ElectionKind, termEnds)).toBe(date);
    },
  );

  test('the 2026-06-03 local election and the 2028-04-12 National Assembly election are in the calendar by default', () => {
    expect(holidayNames('2026-06-03')).toEqual(['제9회 전국동시지방선거']);
    expect(isPublicHoliday('2028-04-12')).toBe(true);
    expect(isPublicHoliday('2030-06-12')).toBe(true);
    // The Wednesday before the 2030 date is an ordinary day: Art. 34(2) moved the election off it.
    expect(isPublicHoliday('2030-06-05')).toBe(false);
  });

  test('effect: a deadline counted in business days skips the election day with no configuration', () => {
    expect(isBusinessDay('2026-06-03')).toBe(false);
    // Tuesday 2026-06-02, one business day: Thursday 06-04 at closing time (18:00 Seoul), not Wednesday.
    expect(addBusinessDays('2026-06-02T09:00:00+09:00', 1).toISOString()).toBe('2026-06-04T09:00:00.000Z');
  });
});
