import { addBusinessDays, businessDaysBetween, isBusinessDay, nextBusinessDay } from './calendar';

const businessDays = (dates: string[], extraHolidays?: string[]) => dates.map((d) => isBusinessDay(d, { extraHolidays }));

test('Chuseok 2025: Oct 5-7 plus the substitute Oct 8 (and Oct 3, Oct 9)', () => {
  expect(businessDays(['2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09', '2025-10-10'])).toEqual([
    true,
    false,
    false,
    false,
    false,
    false,
    true,
  ]);
});

test('Chuseok 2026: Sep 24-26', () => {
  expect(businessDays(['2026-09-23', '2026-09-24', '2026-09-25', '2026-09-28'])).toEqual([true, false, false, true]);
});

test('Seollal 2025: Jan 28-30; Jan 27 only when passed as an extra holiday', () => {
  expect(businessDays(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'])).toEqual([true, false, false, false, true]);
  expect(isBusinessDay('2025-01-27', { extraHolidays: ['2025-01-27'] })).toBe(false);
});

test('Seollal 2026: Feb 16-18, and Feb 19 is a working day', () => {
  expect(businessDays(['2026-02-13', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'])).toEqual([true, false, false, false, true]);
});

test('Seollal 2027 falls on a weekend: substitute holiday Tue Feb 9', () => {
  expect(businessDays(['2027-02-08', '2027-02-09', '2027-02-10'])).toEqual([false, false, true]);
});

test("Children's Day, with its 2025 substitute shared with Buddha's Birthday", () => {
  expect(businessDays(['2026-05-04', '2026-05-05', '2026-05-06'])).toEqual([true, false, true]);
  expect(businessDays(['2025-05-05', '2025-05-06', '2025-05-07'])).toEqual([false, false, true]);
});

test('weekends are not business days', () => {
  expect(businessDays(['2026-03-28', '2026-03-29', '2026-03-30'])).toEqual([false, false, true]);
});

test('a deadline across a weekend and Chuseok 2026 ends at 18:00 Seoul on the 3rd business day', () => {
  // Tue Sep 22: Wed 23 (1), Thu-Sun off, Mon 28 (2), Tue 29 (3).
  expect(addBusinessDays('2026-09-22T10:00:00+09:00', 3).toISOString()).toBe('2026-09-29T09:00:00.000Z');
  // Thu Oct 2 2025: Oct 3 holiday, weekend, Chuseok, substitute, Hangul Day: Fri 10 (1), Mon 13 (2), Tue 14 (3).
  expect(addBusinessDays('2025-10-02T09:00:00+09:00', 3).toISOString()).toBe('2025-10-14T09:00:00.000Z');
});

test('an extra holiday pushes a deadline: Fri 2025-01-24 + 1 business day', () => {
  expect(addBusinessDays('2025-01-24T11:00:00+09:00', 1).toISOString()).toBe('2025-01-27T09:00:00.000Z');
  expect(addBusinessDays('2025-01-24T11:00:00+09:00', 1, { extraHolidays: ['2025-01-27'] }).toISOString()).toBe('2025-01-31T09:00:00.000Z');
});

test('an instant late on Friday in UTC is already Saturday in Seoul', () => {
  const fridayNightUtc = new Date('2026-03-27T16:00:00Z'); // Sat 01:00 in Seoul
  expect(isBusinessDay(fridayNightUtc)).toBe(false);
  expect(addBusinessDays(fridayNightUtc, 0).toISOString()).toBe('2026-03-30T09:00:00.000Z'); // Mon 18:00
  // Thursday night UTC is Friday in Seoul, so 1 business day later is Monday, not Friday.
  expect(addBusinessDays('2026-03-26T16:00:00Z', 1).toISOString()).toBe('2026-03-30T09:00:00.000Z');
});

test('n = 0 means closing time today, or the next business day once closed', () => {
  expect(addBusinessDays('2026-03-27T17:59:00+09:00', 0).toISOString()).toBe('2026-03-27T09:00:00.000Z');
  expect(addBusinessDays('2026-03-27T18:30:00+09:00', 0).toISOString()).toBe('2026-03-30T09:00:00.000Z');
});

test('closing hour is configurable and invalid inputs throw', () => {
  expect(addBusinessDays('2026-03-27', 1, { closingHour: 24 }).toISOString()).toBe('2026-03-30T15:00:00.000Z');
  expect(() => addBusinessDays('2026-03-27', -1)).toThrow(/whole number/);
  expect(() => addBusinessDays('2026-03-27', 1.5)).toThrow(/whole number/);
  expect(() => addBusinessDays('2026-03-27', 1, { closingHour: 0 })).toThrow(/closingHour/);
  expect(() => addBusinessDays('2026-03-27T10:00:00', 1)).toThrow(/offset/);
});

test('businessDaysBetween counts after the start, up to and including the end', () => {
  expect(businessDaysBetween('2026-09-22', '2026-09-29')).toBe(3);
  expect(businessDaysBetween('2026-09-29', '2026-09-22')).toBe(-3);
  expect(businessDaysBetween('2026-09-22', '2026-09-22')).toBe(0);
  expect(businessDaysBetween('2025-01-24', '2025-01-31', { extraHolidays: ['2025-01-27'] })).toBe(1);
  for (const n of [1, 2, 5, 10]) {
    const start = '2025-09-30T14:00:00+09:00';
    expect(businessDaysBetween(start, addBusinessDays(start, n))).toBe(n);
  }
});

test('nextBusinessDay skips a whole holiday run and a too-long configured run throws', () => {
  expect(nextBusinessDay('2025-10-02')).toBe('2025-10-10');
  const sixtyOneDays = Array.from({ length: 70 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
  expect(() => nextBusinessDay('2025-12-31', { extraHolidays: sixtyOneDays })).toThrow(/no business day/);
});
