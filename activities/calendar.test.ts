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

describe("a referral's decision deadline reads the district's policy when it is computed", () => {
  // One overrides object, changed after the activities are built: as a worker started with a new configuration.
  const overrides: Record<string, Record<string, unknown>> = {};
  const live = createCalendarActivities({ policyOverrides: overrides });
  const from = '2026-12-01T10:00:00+09:00'; // Tuesday

  test('Regulation on Holidays Art. 2 item 11: a temporary holiday declared later moves the next deadline', async () => {
    expect(await live.decisionDeadline({ from, districtCode: '11110', urgent: false })).toBe('2026-12-04T09:00:00.000Z');
    overrides['*'] = { extraHolidays: ['2026-12-03'] };
    // Wed 2 (1), Thu 3 is now a holiday, Fri 4 (2), Mon 7 (3).
    expect(await live.decisionDeadline({ from, districtCode: '11110', urgent: false })).toBe('2026-12-07T09:00:00.000Z');
    delete overrides['*'];
  });

  test('urgent referrals: by closing time the same business day by default', async () => {
    expect(await live.decisionDeadline({ from, districtCode: '11110', urgent: true })).toBe('2026-12-01T09:00:00.000Z');
    // Requested on the 2026-06-03 local election day (a holiday by law): closing time of the next business day.
    expect(await live.decisionDeadline({ from: '2026-06-03T10:00:00+09:00', districtCode: '11110', urgent: true })).toBe(
      '2026-06-04T09:00:00.000Z',
    );
    // After closing time on a business day: the next business day.
    expect(await live.decisionDeadline({ from: '2026-12-01T19:00:00+09:00', districtCode: '11110', urgent: true })).toBe(
      '2026-12-02T09:00:00.000Z',
    );
  });

  test("urgent referrals: the district's own urgent window", async () => {
    overrides['11680'] = { urgentDecisionBusinessDays: 1 };
    expect(await live.decisionDeadline({ from, districtCode: '11680', urgent: true })).toBe('2026-12-02T09:00:00.000Z');
    expect(await live.decisionDeadline({ from, districtCode: '11110', urgent: true })).toBe('2026-12-01T09:00:00.000Z');
    delete overrides['11680'];
  });
});
