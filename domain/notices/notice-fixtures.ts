/**
 * Cases at the point where each notice is owed, for tests of the notices (domain, rendering, API views): built
 * from the intake's opened state with the facts the steps (domain/case/steps.ts) would have left.
 */
import { openedCaseState, type CaseState } from '../case/case-state';
import type { CaseIntake } from '../case/case-inputs';
import { decideEligibility } from '../eligibility';
import { DEFAULT_POLICY } from '../policy-defaults';

export const NOTICE_ISSUED_AT = '2026-12-01T01:00:00.000Z';

const intake: CaseIntake = {
  recipientPseudoId: 'p-notice-01',
  districtCode: '11110',
  dongCode: '11110510',
  application: { applicantType: 'self' },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12', address: '서울특별시 종로구 자하문로 1' },
  actor: { role: 'caseworker', id: 'cw-kim' },
};

export const openCase = (): CaseState => openedCaseState('case-p-notice-01', intake, DEFAULT_POLICY, '2026-11-01T00:00:00.000Z');

export function assessedCase(): CaseState {
  return {
    ...openCase(),
    status: 'awaitingEligibility',
    assessment: {
      result: {
        medicalSupportNeed: 'moderate',
        dailyCareNeed: 'high',
        needDomains: ['housing'],
        assessedOn: '2026-11-20',
        assessor: 'NHIS',
      },
      recordedAt: '2026-11-21T02:00:00.000Z',
    },
  };
}

export function planApprovedCase(): CaseState {
  const decided = eligibleCase();
  const plan = {
    version: 1,
    lines: [
      {
        lineId: 'l1',
        serviceCode: 'MED-03',
        quantity: { amount: 2, unit: 'visit' as const, per: 'week' as const },
        period: { start: '2026-12-01', end: '2027-05-31' },
        method: 'visit' as const,
      },
      {
        lineId: 'l2',
        serviceCode: 'DAY-01',
        quantity: { amount: 3, unit: 'hour' as const, per: 'week' as const },
        period: { start: '2026-12-01', end: '2027-05-31' },
        method: 'visit' as const,
      },
    ],
    coordination: '매주 방문간호사와 생활지원사가 통화로 상태를 나눕니다',
    personHeard: true,
    draftedAt: '2026-11-24T02:00:00.000Z',
    submittedAt: '2026-11-24T03:00:00.000Z',
    decidedAt: '2026-11-27T05:00:00.000Z',
    decision: 'approve' as const,
  };
  return { ...decided, status: 'active', approvedPlan: plan, firstPlanApprovedAt: plan.decidedAt };
}

export function eligibleCase(): CaseState {
  const decision = decideEligibility({
    birthDate: '1948-03-12',
    asOf: '2026-11-22',
    severeDisabilityRecognised: false,
    difficultyCauses: ['frailty'],
    needDomains: ['medical', 'dailyCare'],
  });
  return { ...assessedCase(), status: 'planning', eligibility: { ...decision, decidedAt: '2026-11-22T02:00:00.000Z' } };
}

/** Aged 60, one domain of need: not eligible (Decree Art. 2), so the case closed as ineligible. */
export function ineligibleCase(): CaseState {
  const decision = decideEligibility({
    birthDate: '1966-05-01',
    asOf: '2026-11-22',
    severeDisabilityRecognised: false,
    difficultyCauses: ['illness'],
    needDomains: ['health'],
  });
  return {
    ...openCase(),
    personal: { ...openCase().personal, birthDate: '1966-05-01' },
    status: 'closed',
    eligibility: { ...decision, decidedAt: '2026-11-22T02:00:00.000Z' },
    closure: {
      ground: 'ineligible',
      at: '2026-11-22T02:00:00.000Z',
      by: 'cw-kim',
      reasons: decision.reasons.filter((r) => !r.met).map((r) => r.code),
    },
  };
}

export function closedCase(ground: 'supportNoLongerNeeded' | 'refuses' | 'death' = 'supportNoLongerNeeded'): CaseState {
  return { ...planApprovedCase(), status: 'closed', closure: { ground, at: '2026-11-30T06:00:00.000Z', by: 'cw-kim' } };
}
