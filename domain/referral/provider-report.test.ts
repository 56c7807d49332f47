/** A provider's report as one pure step (domain/referral/provider-report.ts): each refusal with its failure type, and the effect. */
import { decideProviderReport, type ReportedReferral } from './provider-report';

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
