/**
 * A referral's decision deadline on the time-skipping server, read from the district's policy when it is
 * computed (patch `referral-deadline-from-district-policy`):
 * - Regulation on Holidays of Government Offices Art. 2 item 11: a temporary holiday the government declares
 *   after a case opened moves that case's next deadline (the policy is not frozen at intake);
 * - urgent referrals get the district's urgent window, by default closing time of the same business day.
 */
import { addBusinessDays, nextBusinessDay } from '../../domain/calendar';
import type { PolicyOverrides } from '../../domain/policy';
import { seoulDateOf } from '../../domain/seoul-date';
import {
  approvePlan,
  bringToPlanning,
  caseworker,
  createCaseBench,
  eventually,
  line,
  startCase,
  type CaseBench,
  TEST_SCOPE,
} from '../../test/harness/case-env';
import { caseStateQuery, linkUrgentServiceUpdate, recordConsentUpdate } from '../case/case.messages';
import { providerReportUpdate, referralStateQuery } from './referral.messages';
import type { referralWorkflow } from './referral.workflow';

describe('referral decision deadlines read the district policy in force', () => {
  let bench: CaseBench;
  // The worker's policy source, changed during the test as a new configuration would change it.
  const overrides: Record<string, Record<string, unknown>> = {};
  beforeAll(async () => {
    bench = await createCaseBench('referral-deadlines', overrides as PolicyOverrides);
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('Regulation Art. 2 item 11: a temporary holiday declared after the case opened moves its next deadline', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'LTC-02')]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    expect(state.policy.extraHolidays).toEqual([]); // the case's own copy, taken at intake, has no holiday
    const referral = bench.env.client.workflow.getHandle<typeof referralWorkflow>(Object.keys(state.referrals)[0]!);
    const first = await referral.query(referralStateQuery);
    const firstAttempt = first.attempts[0]!;
    expect(firstAttempt.respondBy).toBe(addBusinessDays(firstAttempt.requestedAt, 3).toISOString());

    // The government declares the next business day a temporary holiday; the worker's policy now has it.
    const holiday = nextBusinessDay(seoulDateOf(firstAttempt.requestedAt));
    overrides['*'] = { extraHolidays: [holiday] };
    await referral.executeUpdate(providerReportUpdate, {
      args: [
        {
          eventId: 'e-decline-deadline',
          providerId: first.providerId!,
          report: 'rejected',
          declineReason: 'atCapacity',
          occurredAt: new Date().toISOString(),
        },
        TEST_SCOPE,
      ],
    });
    const second = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.attempts.length === 2 && s.status === 'requested',
    );
    const attempt = second.attempts[1]!;
    const withHoliday = addBusinessDays(attempt.requestedAt, 3, { extraHolidays: [holiday] }).toISOString();
    expect(withHoliday).not.toBe(addBusinessDays(attempt.requestedAt, 3).toISOString());
    expect(attempt.respondBy).toBe(withHoliday);
    // The case shows the moved deadline too.
    const seen = await eventually(
      () => handle.query(caseStateQuery),
      (s) => s.referrals[second.referralId]!.respondBy === withHoliday,
    );
    expect(seen.referrals[second.referralId]!.respondBy).toBe(withHoliday);
    delete overrides['*'];
  });

  it("urgent referrals are due by closing time the same business day by default, or in the district's urgent window", async () => {
    const handle = await startCase(bench);
    await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: caseworker, givenBy: 'person', method: 'written' }, TEST_SCOPE] });
    const { referralId } = await handle.executeUpdate(linkUrgentServiceUpdate, {
      args: [{ actor: caseworker, line: line('U1', 'DAY-02') }, TEST_SCOPE],
    });
    const urgent = await eventually(
      () => bench.env.client.workflow.getHandle<typeof referralWorkflow>(referralId).query(referralStateQuery),
      (s) => s.status === 'requested',
    );
    const a = urgent.attempts[0]!;
    expect(a.respondBy).toBe(addBusinessDays(a.requestedAt, 0).toISOString());
    // A plain referral of the same case would get 3 business days: the urgent one is shorter.
    expect(Date.parse(a.respondBy)).toBeLessThan(addBusinessDays(a.requestedAt, 3).getTime());

    overrides['11110'] = { urgentDecisionBusinessDays: 1 };
    const next = await handle.executeUpdate(linkUrgentServiceUpdate, {
      args: [{ actor: caseworker, line: line('U2', 'DAY-03') }, TEST_SCOPE],
    });
    const windowed = await eventually(
      () => bench.env.client.workflow.getHandle<typeof referralWorkflow>(next.referralId).query(referralStateQuery),
      (s) => s.status === 'requested',
    );
    const b = windowed.attempts[0]!;
    expect(b.respondBy).toBe(addBusinessDays(b.requestedAt, 1).toISOString());
    delete overrides['11110'];
  });
});
