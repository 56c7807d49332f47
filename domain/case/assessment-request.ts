/**
 * The comprehensive assessment for every applicant (Decree Art. 5; Act Art. 12): the pre-survey sets the priority,
 * it never decides whether to assess. A request goes to the assessor (NHIS or another designated agency) once the
 * person consents to survey and sharing; it has a business-day deadline (the case workflow computes it with the
 * district's calendar) and is escalated when late. Periodic re-assessment (Act Art. 12(2)) falls due on the
 * policy's interval after each assessment. Pure; unit tests in domain/case/assessment-request.test.ts.
 */
import type { Application } from './case-inputs';
import type { PreSurveyScreen } from '../pre-survey';
import { addMonths, seoulDateOf } from '../seoul-date';
import type { AssessmentRequestKind, CasePriority } from '../vocabulary';
import { covers } from './consent';
import { isUrgentAtIntake, type AssessmentRequest, type CaseState } from './case-state';
import { DEFAULT_POLICY } from '../policy-defaults';

/**
 * The assessment's priority: urgent for a crisis at intake, or dependence in a daily activity for someone living
 * alone or just discharged; high when the screen finds a need; routine otherwise. Never "no assessment".
 */
export function assessmentPriority(
  screen: PreSurveyScreen,
  application: Application,
  risk: { livesAlone?: boolean; recentDischarge?: boolean },
): CasePriority {
  if (isUrgentAtIntake(application)) return 'urgent';
  const dependent = screen.reasons.some((r) => r.code === 'ADL_DEPENDENT_ITEM');
  if (dependent && (risk.livesAlone || risk.recentDischarge)) return 'urgent';
  return screen.requestFullAssessment ? 'high' : 'routine';
}

/** The policy a case runs on, with defaults for fields added after the case started. */
export const casePolicy = (state: CaseState) => ({ ...DEFAULT_POLICY, ...state.policy });

/**
 * A new request: out at once when the person consents to survey and sharing, otherwise held until they do.
 * Its id counts the case's requests.
 */
export function newAssessmentRequest(
  state: CaseState,
  kind: AssessmentRequestKind,
  priority: CasePriority,
  now: string,
): AssessmentRequest {
  const n = (state.assessmentRequest ? Number(state.assessmentRequest.requestId.split('-').at(-1)) || 0 : 0) + 1;
  return {
    requestId: `asm-${n}`,
    kind,
    priority,
    status: covers(state, 'assessmentRequest') ? 'requested' : 'held',
    requestedAt: now,
    overdue: false,
  };
}

/** A held request goes out once consent covers it (the deadline counts from then). */
export function releaseHeldRequest(state: CaseState, now: string): CaseState {
  const r = state.assessmentRequest;
  if (r?.status !== 'held' || !covers(state, 'assessmentRequest')) return state;
  return { ...state, assessmentRequest: { ...r, status: 'requested', requestedAt: now, respondBy: undefined } };
}

/** The next re-assessment's due date: the policy's interval after the assessment was recorded (Act Art. 12(2)). */
export const reassessmentDueAfter = (state: CaseState, recordedAt: string): string =>
  addMonths(seoulDateOf(recordedAt), casePolicy(state).reassessmentIntervalMonths);

/** Whether an assessment may be recorded now: one is awaited (requested, held or overdue), never out of the blue. */
export const awaitsAssessment = (state: CaseState): boolean =>
  state.status === 'awaitingAssessment' || state.assessmentRequest?.status === 'requested' || state.assessmentRequest?.status === 'held';
