import { createCalendarActivities } from './calendar';

// The deadlines the workflows ask this activity for: a provider's decision and a monitoring check's grace period,
// in the district's business days on the Korean calendar, due at 18:00 Seoul.
const calendar = createCalendarActivities({
  policyOverrides: { '11680': { providerDecisionBusinessDays: 1, extraHolidays: ['2026-06-03'] } },
});

test('a provider decision is due 3 business days later at 18:00 Seoul by default', async () => {
  const policy = await calendar.resolveDistrictPolicy('11110');
  // Fri 2026-02-13: Seollal Mon-Wed, so Thu 19 (1), Fri 20 (2), Mon 23 (3).
  expect(
    await calendar.businessDeadline({
      from: '2026-02-13T11:00:00+09:00',
      businessDays: policy.providerDecisionBusinessDays,
      extraHolidays: policy.extraHolidays,
    }),
  ).toBe('2026-02-23T09:00:00.000Z');
});

test("a district's own decision window and extra holidays are used", async () => {
  const policy = await calendar.resolveDistrictPolicy('11680');
  // Tue Jun 2: Wed Jun 3 is the configured extra holiday, so Thu Jun 4.
  expect(
    await calendar.businessDeadline({
      from: '2026-06-02T09:00:00+09:00',
      businessDays: policy.providerDecisionBusinessDays,
      extraHolidays: policy.extraHolidays,
    }),
  ).toBe('2026-06-04T09:00:00.000Z');
});

test('monitoring becomes overdue after the grace business days', async () => {
  const policy = await calendar.resolveDistrictPolicy('11110');
  // Due Fri 2026-07-17 (Constitution Day, a holiday from 2026): Mon 20 (1), Tue 21 (2).
  expect(await calendar.businessDeadline({ from: '2026-07-17', businessDays: policy.overdueGraceBusinessDays })).toBe(
    '2026-07-21T09:00:00.000Z',
  );
  // No grace: closing time of the due date itself.
  expect(await calendar.businessDeadline({ from: '2026-07-15', businessDays: 0 })).toBe('2026-07-15T09:00:00.000Z');
});
