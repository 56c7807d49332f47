import { holidayNames, isPublicHoliday, koreanPublicHolidays } from './holidays';

test('Seollal is corrected to the day before, the day of and the day after the lunar new year', () => {
  // 2026: lunar new year is Feb 17; the library alone would say Feb 17-19.
  expect(['2026-02-16', '2026-02-17', '2026-02-18'].map((d) => isPublicHoliday(d))).toEqual([true, true, true]);
  expect(isPublicHoliday('2026-02-19')).toBe(false);
  expect(holidayNames('2026-02-16')).toEqual(['설날']);
});

test('the library substitute for a Seollal on Sunday survives the correction (2027-02-09)', () => {
  for (const d of ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']) expect(isPublicHoliday(d)).toBe(true);
  expect(isPublicHoliday('2027-02-10')).toBe(false);
});

test('observances are not holidays: Constitution Day only from 2026', () => {
  expect(isPublicHoliday('2025-07-17')).toBe(false);
  expect(isPublicHoliday('2026-07-17')).toBe(true);
});

test('shared days keep both names, extra holidays are named 임시공휴일', () => {
  expect(holidayNames('2025-05-05')).toEqual(expect.arrayContaining(['어린이날', '석가탄신일']));
  expect(holidayNames('2025-01-27')).toEqual([]);
  expect(holidayNames('2025-01-27', ['2025-01-27'])).toEqual(['임시공휴일']);
  expect(() => holidayNames('2025-01-27', ['2025-1-27'])).toThrow(/extra holiday/);
});

test('lookups are cached per year', () => {
  expect(koreanPublicHolidays(2026)).toBe(koreanPublicHolidays(2026));
  expect(koreanPublicHolidays(2026)).not.toBe(koreanPublicHolidays(2027));
  expect(() => koreanPublicHolidays(1800)).toThrow(/out of range/);
});
