import { formatDate, formatDateTime } from './korean-dates';

describe('Korean dates', () => {
  it('formats an instant in Seoul time with the weekday', () => {
    expect(formatDateTime('2026-12-01T05:05:00Z', 'ko')).toBe('2026년 12월 1일 (화) 14:05');
    expect(formatDateTime('2026-12-01T15:30:00Z', 'ko')).toBe('2026년 12월 2일 (수) 00:30');
  });
  it('formats a calendar date as a Seoul date', () => {
    expect(formatDate('2027-05-31', 'ko')).toBe('2027년 5월 31일 (월)');
  });
  it('has an English form and leaves empty values empty', () => {
    expect(formatDateTime('2026-12-01T05:05:00Z', 'en')).toBe('Tue 01/12/2026 14:05');
    expect(formatDateTime(undefined, 'ko')).toBe('');
  });
});
