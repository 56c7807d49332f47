import type { CaseState } from '../case/case-state';
import { sampleCase } from '../case/step-test-kit';
import { caseListing, caseListingFacts, replacesCaseRow, ownDeadlines, referralDeadline, type CaseListingRow } from './case-listing';

const fresh = (): CaseState => sampleCase();

const row = (o: Partial<CaseListingRow> = {}): CaseListingRow => ({
  caseId: 'case-1',
  opened: '2026-11-01T00:00:00.000Z',
  seq: 3,
  status: 'active',
  districtCode: '11110',
  dongCode: '11110510',
  assignedCaseworkerId: null,
  overdue: false,
  escalationOpen: false,
  deadline: null,
  ...o,
});

describe('caseListingFacts', () => {
  it('takes the earliest of the monitoring deadline and the assessor answer, and the open escalation', () => {
    const s: CaseState = {
      ...fresh(),
      assignedCaseworkerId: 'cw-kim',
      assessmentRequest: { respondBy: '2026-12-10T09:00:00.000Z', status: 'requested' } as CaseState['assessmentRequest'],
      escalations: [{ resolvedAt: undefined } as unknown as CaseState['escalations'][number]],
      monitoring: { overdue: true, visits: [] },
    };
    expect(caseListingFacts(s, '2027-03-04T15:00:00.000Z')).toEqual({
      opened: '2026-11-01T00:00:00.000Z',
      assignedCaseworkerId: 'cw-kim',
      overdue: true,
      escalationOpen: true,
      deadline: '2026-12-10T09:00:00.000Z',
    });
    expect(ownDeadlines(s, '2026-12-01T00:00:00.000Z')).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-10T09:00:00.000Z']);
  });
  it('has no deadline and no caseworker when there are none', () => {
    const facts = caseListingFacts(fresh(), undefined);
    expect(facts).not.toHaveProperty('deadline');
    expect(facts).not.toHaveProperty('assignedCaseworkerId');
    expect(facts.escalationOpen).toBe(false);
  });
});

describe('caseListing', () => {
  it('counts open referrals and takes the earliest awaited decision with the case deadline', () => {
    const l = caseListing(row({ deadline: '2027-03-04T15:00:00.000Z' }), [
      { status: 'requested', respondBy: '2026-12-09T09:00:00.000Z' },
      { status: 'accepted', respondBy: '2026-12-01T09:00:00.000Z' },
      { status: 'completed', respondBy: null },
    ]);
    expect(l.openReferrals).toBe(2);
    expect(l.nextDeadline).toBe('2026-12-09T09:00:00.000Z');
  });
  it('shows no deadline once closed', () => {
    expect(
      caseListing(row({ status: 'closed', deadline: '2027-01-01T00:00:00.000Z' }), [
        { status: 'requested', respondBy: '2026-12-09T09:00:00.000Z' },
      ]).nextDeadline,
    ).toBeNull();
  });
  it('counts an accepted referral as open but not its deadline', () => {
    expect(referralDeadline({ status: 'accepted', respondBy: '2026-12-09T09:00:00.000Z' })).toBeUndefined();
    expect(referralDeadline({ status: 'received', respondBy: '2026-12-09T09:00:00.000Z' })).toBe('2026-12-09T09:00:00.000Z');
  });
});

describe('replacesCaseRow', () => {
  it('orders by opening (as instants), then by step, the same step replacing', () => {
    const held = { opened: '2026-11-01T00:00:00.000Z', seq: 5 };
    expect(replacesCaseRow({ opened: held.opened, seq: 6 }, held)).toBe(true);
    expect(replacesCaseRow({ opened: held.opened, seq: 4 }, held)).toBe(false);
    expect(replacesCaseRow({ opened: held.opened, seq: 5 }, held)).toBe(true);
    expect(replacesCaseRow({ opened: '2026-11-01T09:00:00+09:00', seq: 4 }, held)).toBe(false);
    expect(replacesCaseRow({ opened: '2026-11-01T09:00:00+09:00', seq: 6 }, held)).toBe(true);
    expect(replacesCaseRow({ opened: '2026-12-01T00:00:00.000Z', seq: 1 }, held)).toBe(true);
  });
});
