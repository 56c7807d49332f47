import { addDays, addMonths, ageInYears, dayOfWeek, daysBetween, isIsoDate, seoulDateOf, seoulDateTime, toInstant } from './seoul-date';

test('an instant late on Friday in UTC is already Saturday in Seoul', () => {
  expect(seoulDateOf('2026-03-27T16:30:00Z')).toBe('2026-03-28');
  expect(dayOfWeek(seoulDateOf('2026-03-27T16:30:00Z'))).toBe(6);
  expect(seoulDateOf('2026-03-27T14:59:59Z')).toBe('2026-03-27');
});

test('a bare date means Seoul midnight; a bare local time is refused', () => {
  expect(toInstant('2026-03-27').toISOString()).toBe('2026-03-26T15:00:00.000Z');
  expect(toInstant('2026-03-27T09:00:00+09:00').toISOString()).toBe('2026-03-27T00:00:00.000Z');
  expect(() => toInstant('2026-03-27T09:00:00')).toThrow(/offset/);
  expect(() => toInstant(new Date(NaN))).toThrow(/invalid/);
});

test('seoulDateTime builds the instant of a Seoul wall-clock time', () => {
  expect(seoulDateTime('2026-02-19', 18).toISOString()).toBe('2026-02-19T09:00:00.000Z');
});

test('isIsoDate rejects impossible dates', () => {
  expect(isIsoDate('2026-02-29')).toBe(false);
  expect(isIsoDate('2028-02-29')).toBe(true);
  expect(isIsoDate('2026-2-1')).toBe(false);
});

test('day arithmetic crosses months and years', () => {
  expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  expect(dayOfWeek('2026-01-01')).toBe(4); // Thursday
});

test('addMonths clamps to the month end as the Civil Act counts periods', () => {
  expect(addMonths('2026-01-15', 3)).toBe('2026-04-15');
  expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
  expect(addMonths('2026-10-31', 14)).toBe('2027-12-31');
  expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
});

test('age counts completed years, a 29 February birthday arriving on 1 March', () => {
  expect(ageInYears('1961-03-27', '2026-03-26')).toBe(64);
  expect(ageInYears('1961-03-27', '2026-03-27')).toBe(65);
  expect(ageInYears('1960-02-29', '2025-02-28')).toBe(64);
  expect(ageInYears('1960-02-29', '2025-03-01')).toBe(65);
  expect(() => ageInYears('2000-01-01', '1999-01-01')).toThrow(/before/);
});
