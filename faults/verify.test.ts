/** The fault runs' oracle finds each kind of loss and duplication, and passes a clean run. */
import type { CaseState } from '../domain/case/case-state';
import { type ReferralAttempt, type ReferralState } from '../workflows/referral/referral.messages';
import type { CaseSnapshot } from './load';
import { verify, type LedgerEntry } from './verify';

const attempt = (n: number, outcome?: ReferralAttempt['outcome']): ReferralAttempt => ({
  attempt: n,
  providerId: `prv-${n}`,
  requestedAt: '2026-11-26T10:00:00Z',
  respondBy: '2026-12-01T09:00:00Z',
  ...(outcome ? { outcome } : {}),
});

function referral(id: string, attempts: ReferralAttempt[], extraDecisions = 0): ReferralState {
  const decided = attempts.filter((a) => a.outcome === 'accepted' || a.outcome === 'rejected');
  const timeline = [...decided, ...decided.slice(0, extraDecisions)].map((a, i) => ({
    seq: i + 1,
    at: '2026-11-26T10:00:00Z',
    actor: { role: 'provider' as const, id: a.providerId },
    action: `provider.${a.outcome}`,
    details: {},
  }));
  const accepted = attempts.some((a) => a.outcome === 'accepted');
  return {
    referralId: id,
    caseId: 'case-1',
    lineId: id,
    serviceCode: 'DAY-01',
    domain: 'dailyCare',
    status: accepted ? 'accepted' : 'requested',
    attempts,
    escalated: false,
    urgent: false,
    quantity: { amount: 1, unit: 'visit', per: 'week' },
    period: { start: '2026-12-01', end: '2027-01-01' },
    appliedEventIds: [],
    timeline,
  } as ReferralState;
}

function snap(referrals: ReferralState[], lines = referrals.length): Map<string, CaseSnapshot> {
  const state = {
    caseId: 'case-1',
    approvedPlan: { lines: Array.from({ length: lines }, (_, i) => ({ lineId: `L${i}` })) },
    referrals: Object.fromEntries(referrals.map((r) => [r.referralId, { referralId: r.referralId, status: r.status }])),
  } as unknown as CaseState;
  return new Map([['case-1', { state, referrals }]]);
}

const answer = (referralId: string, n: number, a: LedgerEntry['answer']): LedgerEntry => ({
  referralId,
  attempt: n,
  providerId: `prv-${n}`,
  answer: a,
});

describe('verify', () => {
  const r1 = () => referral('r1', [attempt(1, 'rejected'), attempt(2, 'accepted')]);
  const ledger = [answer('r1', 1, 'rejected'), answer('r1', 2, 'accepted')];

  it('passes a run where each attempt went out once and each answer was applied once', () => {
    const f = verify(snap([r1()]), ['case-1'], ledger);
    expect(f).toMatchObject({ cases: 1, referrals: 1, attempts: 2, lost: [], duplicated: [] });
  });

  it('finds an attempt no provider received, and an answer never applied', () => {
    expect(verify(snap([r1()]), ['case-1'], [ledger[1]!]).lost).toEqual(['r1 attempt 1: no provider received its request']);
    const unapplied = referral('r1', [attempt(1, 'rejected'), attempt(2)]);
    const f = verify(snap([unapplied]), ['case-1'], ledger);
    expect(f.lost).toContain('r1 attempt 2: the provider accepted it, the referral never applied it');
    expect(f.lost.some((l) => l.includes('not settled'))).toBe(true);
  });

  it('finds a request sent twice under different ids, a request never made, and a decision applied twice', () => {
    expect(verify(snap([r1()]), ['case-1'], [...ledger, answer('r1', 2, 'accepted')]).duplicated).toEqual([
      'r1 attempt 2: sent as 2 distinct events',
    ]);
    expect(verify(snap([r1()]), ['case-1'], [...ledger, answer('r1', 3, 'rejected')]).duplicated).toEqual([
      'r1: providers received attempt 3, which the referral never made',
    ]);
    expect(verify(snap([referral('r1', r1().attempts, 1)]), ['case-1'], ledger).duplicated).toEqual([
      'r1: 3 decisions in its timeline for 2 decided attempts',
    ]);
  });

  it('finds a missing referral for a plan line, an unreadable case, and a case that sees its referral differently', () => {
    expect(verify(snap([r1()], 2), ['case-1'], ledger).lost).toContain('case-1: 2 plan lines, 1 referrals');
    expect(verify(new Map(), ['case-1'], ledger).lost).toEqual(['case-1: could not be read']);
    const s = snap([r1()]);
    s.get('case-1')!.state.referrals.r1!.status = 'requested';
    expect(verify(s, ['case-1'], ledger).lost).toContain('case-1: sees r1 as requested, the referral is accepted');
  });
});
