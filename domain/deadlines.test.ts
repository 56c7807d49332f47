import { monitoringOverdueAt, providerDecisionDeadline } from './deadlines';
import { resolvePolicy } from './policy';

test('a provider decision is due 3 business days later at 18:00 Seoul by default', () => {
  // Fri 2026-02-13: Seollal Mon-Wed, so Thu 19 (1), Fri 20 (2), Mon 23 (3).
  expect(providerDecisionDeadline('2026-02-13T11:00:00+09:00', resolvePolicy('11110')).toISOString()).toBe(
    '2026-02-23T09:00:00.000Z',
  );
});

test("a district's own decision window and extra holidays are used", () => {
  const p = resolvePolicy('11680', { '11680': { providerDecisionBusinessDays: 1, extraHolidays: ['2026-06-03'] } });
  // Tue Jun 2: Wed Jun 3 is the configured extra holiday, so Thu Jun 4.
  expect(providerDecisionDeadline('2026-06-02T09:00:00+09:00', p).toISOString()).toBe('2026-06-04T09:00:00.000Z');
});

test('monitoring becomes overdue after the grace business days', () => {
  // Due Fri 2026-07-17 (Constitution Day, a holiday from 2026): Mon 20 (1), Tue 21 (2).
  expect(monitoringOverdueAt('2026-07-17', resolvePolicy('11110')).toISOString()).toBe('2026-07-21T09:00:00.000Z');
  const noGrace = resolvePolicy('11110', { '11110': { overdueGraceBusinessDays: 0 } });
  expect(monitoringOverdueAt('2026-07-15', noGrace).toISOString()).toBe('2026-07-15T09:00:00.000Z');
});
