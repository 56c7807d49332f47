/**
 * Catalogue honesty (issue 13 item 9): an open-access programme is joined without a provider's decision, so
 * approving its plan line records the information given (an event on the timeline) and starts no referral
 * (Act Art. 14's closed loop is for a provider's decision); under the law-duties flag only.
 */
import type { Actor } from '../actor';
import { DEFAULT_POLICY } from '../policy-defaults';
import type { ServiceLine } from './case-inputs';
import { openedCaseState, type CaseState } from './case-state';
import type { StepContext, StepOutcome, StepResult } from './case-step';
import { informationIsNew } from './open-access-lines';
import { decideCaseAction } from './steps';

const caseworker: Actor = { role: 'caseworker', id: 'cw-kim' };
const supervisor: Actor = { role: 'supervisor', id: 'sv-lee' };
const flags = (lawDuties: boolean): StepContext => ({
  now: '2026-12-01T01:00:00.000Z',
  flags: { referralIdNamesCaseOpening: true, closedCaseRecordsCancellations: true, lawDuties },
});
const line = (lineId: string, serviceCode: string): ServiceLine => ({
  lineId,
  serviceCode,
  quantity: { amount: 1, unit: 'session', per: 'week' },
  period: { start: '2026-12-01', end: '2027-05-31' },
  method: 'visit',
});
const ok = (r: StepResult): StepOutcome => {
  if ('refused' in r) throw new Error(`refused: ${r.message}`);
  return r;
};

/** A case awaiting the conference with the given plan lines submitted, consent to everything given. */
function submitted(lines: ServiceLine[], base?: CaseState): CaseState {
  const opened = openedCaseState(
    'case-p-2',
    {
      recipientPseudoId: 'p-2',
      districtCode: '11110',
      dongCode: '11110510',
      application: { applicantType: 'self' },
      personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
      actor: caseworker,
    },
    DEFAULT_POLICY,
    '2026-11-01T00:00:00.000Z',
  );
  const s = base ?? opened;
  return {
    ...s,
    status: 'awaitingConference',
    consent: {
      recordedAt: '2026-11-01T00:00:00.000Z',
      by: 'cw-kim',
      scope: ['survey', 'sharing', 'referral'],
      givenBy: 'person',
      method: 'written',
    } as CaseState['consent'],
    draftPlan: {
      version: (s.approvedPlan?.version ?? 0) + 1,
      lines,
      coordination: 'weekly call',
      personHeard: true,
      draftedAt: '2026-11-20T00:00:00.000Z',
      submittedAt: '2026-11-21T00:00:00.000Z',
    },
  };
}
const approve = (s: CaseState, lawDuties = true) =>
  ok(decideCaseAction('conferenceDecision', s, { actor: supervisor, decision: 'approve' } as never, flags(lawDuties)));

describe('open-access plan lines are information given, not referrals', () => {
  test('effect: approving a plan with the Sonmok Doctor 9988 app line records the information and refers only the other line', () => {
    const o = approve(submitted([line('L1', 'LTC-02'), line('L2', 'HLT-07')]));
    expect(o.commands.map((c) => c.kind === 'start' && c.line.serviceCode)).toEqual(['LTC-02']);
    expect(Object.values(o.state.referrals).map((r) => r.serviceCode)).toEqual(['LTC-02']);
    expect(o.events.map((e) => e.kind)).toEqual(['conferenceDecided', 'informationGiven']);
    expect(o.events[1]).toEqual({
      kind: 'informationGiven',
      actor: supervisor,
      status: 'active',
      details: { serviceCode: 'HLT-07', lineId: 'L2' },
    });
    // The plan keeps the line: the person's plan still lists the programme.
    expect(o.state.approvedPlan!.lines.map((l) => l.serviceCode)).toEqual(['LTC-02', 'HLT-07']);
  });

  test('a revised plan does not give the same information again; a line now naming another open-access service does', () => {
    const first = approve(submitted([line('L1', 'LTC-02'), line('L2', 'HLT-07')])).state;
    const again = approve(submitted([line('L1', 'LTC-02'), line('L2', 'HLT-07'), line('L3', 'HLT-10')], first));
    expect(again.events.filter((e) => e.kind === 'informationGiven').map((e) => e.details)).toEqual([
      { serviceCode: 'HLT-10', lineId: 'L3' },
    ]);
    expect(again.commands).toEqual([]);
    expect(informationIsNew([line('L2', 'HLT-07')], line('L2', 'HLT-09'))).toBe(true);
    expect(informationIsNew([line('L2', 'HLT-07')], line('L2', 'HLT-07'))).toBe(false);
  });

  test('cases started before the law-duties flag keep referring open-access lines', () => {
    const o = approve(submitted([line('L1', 'LTC-02'), line('L2', 'HLT-07')]), false);
    expect(o.commands.map((c) => c.kind === 'start' && c.line.serviceCode)).toEqual(['LTC-02', 'HLT-07']);
    expect(o.events.map((e) => e.kind)).toEqual(['conferenceDecided']);
  });
});
