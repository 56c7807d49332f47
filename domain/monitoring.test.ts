import { monitoringSchedule, nextMonitoringDue } from './monitoring';
import { resolvePolicy } from './policy';
import { addMonths } from './seoul-date';

const defaults = resolvePolicy('11110');

test('over 13 months with defaults: first check within 3 months, then every 6', () => {
  const approved = '2026-04-01T10:00:00+09:00';
  const horizon = addMonths('2026-04-01', 13);
  const dues = monitoringSchedule(approved, defaults, 10).filter((d) => d <= horizon);
  expect(dues).toEqual(['2026-07-01', '2027-01-01']);
  expect(dues[0]! <= addMonths('2026-04-01', 3)).toBe(true);
  expect(addMonths(dues[0]!, 6)).toBe(dues[1]);
  expect(monitoringSchedule(approved, defaults, 3)[2]).toBe('2027-07-01');
});

test('the approval date is taken in Seoul time', () => {
  // 23:30 UTC on Mar 31 is already Apr 1 in Seoul.
  expect(monitoringSchedule('2026-03-31T23:30:00Z', defaults, 1)).toEqual(['2026-07-01']);
});

test('month-end approvals clamp and never stretch a gap beyond the interval', () => {
  const dues = monitoringSchedule('2025-11-30T09:00:00+09:00', defaults, 3);
  expect(dues).toEqual(['2026-02-28', '2026-08-28', '2027-02-28']);
});

test('a district interval and first-check window are honoured', () => {
  const p = resolvePolicy('11710', { '11710': { monitoringIntervalMonths: 2, firstMonitoringWithinMonths: 1 } });
  expect(monitoringSchedule('2026-01-15', p, 4)).toEqual(['2026-02-15', '2026-04-15', '2026-06-15', '2026-08-15']);
  expect(monitoringSchedule('2026-01-15', p, 0)).toEqual([]);
  expect(() => monitoringSchedule('2026-01-15', p, -1)).toThrow(/count/);
});

test('nextMonitoringDue: the first check, then the interval after the check actually done', () => {
  const approved = '2026-04-01T10:00:00+09:00';
  expect(nextMonitoringDue({ firstPlanApprovedAt: approved, policy: defaults })).toBe('2026-07-01');
  // Done early (May 20): the next is six months after that, not after the planned date.
  expect(nextMonitoringDue({ firstPlanApprovedAt: approved, lastMonitoredAt: '2026-05-20T15:00:00+09:00', policy: defaults })).toBe(
    '2026-11-20',
  );
  expect(() =>
    nextMonitoringDue({ firstPlanApprovedAt: approved, lastMonitoredAt: '2026-03-01T00:00:00+09:00', policy: defaults }),
  ).toThrow(/before firstPlanApprovedAt/);
});
