/** A provider's report as one pure step (domain/referral/provider-report.ts): each refusal with its failure type, and the effect. */
import { ERR_REPORT_LIMIT } from '../failures';
import {
  CHANGE_REPORT_ACTION,
  decideProviderReport,
  MAX_CHANGE_REPORTS_PER_REFERRAL,
  MAX_PROVIDER_REPORTS_PER_REFERRAL,
  providerReportLimitRefusal,
  type ReportedReferral,
} from './provider-report';
import type { ProviderReport } from './referral-lifecycle';

const referral: ReportedReferral = {
  referralId: 'r-1',
  status: 'requested',
  providerId: 'prv-a',
  attempts: [{ attempt: 1 }, { attempt: 2 }],
  appliedEventIds: ['seen'],
};
const report = { eventId: 'e-1', providerId: 'prv-a', report: 'accepted' as const, attempt: 2, occurredAt: '2026-12-01T10:00:00+09:00' };

test('an applied event id is a duplicate, answered and not refused, even on a finished referral', () => {
  expect(decideProviderReport({ ...referral, status: 'completed' }, { ...report, eventId: 'seen' })).toEqual({
    refused: false,
    duplicate: true,
  });
});

test.each([
  ['a finished referral', { ...referral, status: 'cancelled' as const }, report, 'DolbomReferralClosed', 'referral r-1 is cancelled'],
  [
    'another provider',
    referral,
    { ...report, providerId: 'prv-b' },
    'DolbomWrongProvider',
    'referral r-1 is not assigned to provider prv-b',
  ],
  [
    'a referral assigned to nobody (expired, escalated)',
    { ...referral, providerId: undefined },
    report,
    'DolbomWrongProvider',
    'referral r-1 is not assigned to provider prv-a',
  ],
  [
    'an older request',
    referral,
    { ...report, attempt: 1 },
    'DolbomActionNotAllowed',
    'the report answers attempt 1, but the current request is attempt 2',
  ],
  [
    'a decline without its coded reason',
    referral,
    { ...report, report: 'rejected' as const },
    'DolbomInvalidInput',
    'a decline needs a coded declineReason',
  ],
  [
    'a start before acceptance',
    referral,
    { ...report, report: 'in-progress' as const },
    'DolbomActionNotAllowed',
    'a provider cannot report in-progress while the referral is requested',
  ],
])('refuses %s', (_name, r, rep, type, message) => {
  expect(decideProviderReport(r, rep)).toEqual({ refused: true, type, message });
});

test('an acceptance from the assigned provider moves the referral to accepted; a change keeps the status', () => {
  expect(decideProviderReport(referral, report)).toEqual({ refused: false, duplicate: false, next: 'accepted' });
  expect(decideProviderReport({ ...referral, status: 'in-progress' }, { ...report, report: 'changed' })).toEqual({
    refused: false,
    duplicate: false,
    next: 'in-progress',
  });
  expect(decideProviderReport(referral, { ...report, report: 'rejected', declineReason: 'atCapacity' })).toEqual({
    refused: false,
    duplicate: false,
    next: 'rejected',
  });
});

describe('the bound on reports per referral (issue 14)', () => {
  const history = (changes: number, others = 0) => ({
    referralId: 'r-1',
    appliedEventIds: Array.from({ length: changes + others }, (_, i) => `e-${i}`),
    timeline: [
      ...Array.from({ length: changes }, () => ({ action: CHANGE_REPORT_ACTION })),
      ...Array.from({ length: others }, () => ({ action: 'provider.on-hold' })),
    ],
  });

  it('takes changes up to the bound and refuses the next with its reason', () => {
    expect(providerReportLimitRefusal(history(MAX_CHANGE_REPORTS_PER_REFERRAL - 1), { report: 'changed' })).toBeUndefined();
    expect(providerReportLimitRefusal(history(MAX_CHANGE_REPORTS_PER_REFERRAL), { report: 'changed' })).toEqual({
      refused: true,
      type: ERR_REPORT_LIMIT,
      message: `referral r-1 has had ${MAX_CHANGE_REPORTS_PER_REFERRAL} changes reported, the most one referral takes (${MAX_CHANGE_REPORTS_PER_REFERRAL}): ask the district to re-plan the service line`,
    });
    // Other reports are not changes: a hold after the fiftieth change is taken.
    expect(providerReportLimitRefusal(history(MAX_CHANGE_REPORTS_PER_REFERRAL), { report: 'on-hold' })).toBeUndefined();
  });

  it('bounds every report in total, but always takes the one that ends the provision', () => {
    const full = history(10, MAX_PROVIDER_REPORTS_PER_REFERRAL - 10);
    expect(providerReportLimitRefusal(full, { report: 'in-progress' })?.type).toBe(ERR_REPORT_LIMIT);
    expect(providerReportLimitRefusal(full, { report: 'changed' })?.message).toContain('only completed or failed');
    expect(providerReportLimitRefusal(full, { report: 'completed' })).toBeUndefined();
    expect(providerReportLimitRefusal(full, { report: 'failed' })).toBeUndefined();
    expect(providerReportLimitRefusal(history(10, MAX_PROVIDER_REPORTS_PER_REFERRAL - 11), { report: 'in-progress' })).toBeUndefined();
  });

  it("counts the timeline's action the referral workflow records for a change", () => {
    expect(CHANGE_REPORT_ACTION).toBe(`provider.${'changed' satisfies ProviderReport}`);
  });
});
