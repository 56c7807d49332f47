/**
 * The case lifecycle as a pure state machine: which step may be taken in which status, and by which role.
 * Each step is moved by the actor the law names (Act Arts. 10-14, Rule Arts. 7-11): the dong caseworker runs
 * intake, survey, plan, referral, monitoring and closure; the district supervisor decides at the support
 * conference and handles escalations; the assessor returns the comprehensive assessment.
 */
import type { Role } from '../codes';

export const CASE_STATUSES = [
  'awaitingConsent', // applied; the person's consent to survey and sharing is not yet recorded
  'preSurvey', // consent recorded; dong pre-survey (사전조사) pending
  'awaitingAssessment', // full comprehensive assessment (종합판정) requested from the assessor
  'awaitingEligibility', // survey (and assessment, if requested) done; eligibility decision pending
  'planning', // eligible; the individual support plan is being drafted
  'awaitingConference', // plan submitted; the support conference (통합지원회의) decides
  'active', // plan approved: referrals out, provision and monitoring
  'linkingSingleServices', // found ineligible: the dong links the person to single services, then closes (one-stop)
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'recordConsent',
  'recordPreSurvey',
  'recordAssessment',
  'decideEligibility',
  'linkUrgentService',
  'draftPlan',
  'submitPlan',
  'conferenceDecision',
  'recordMonitoring',
  'cancelReferral',
  'resolveEscalation',
  'withdrawConsent',
  'closeCase',
  'reassignCase',
  'transferCase',
  'narrowConsent',
  'linkSingleService',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const OPEN: readonly CaseStatus[] = CASE_STATUSES.filter((s) => s !== 'closed');
const BEFORE_PLAN: readonly CaseStatus[] = ['preSurvey', 'awaitingAssessment', 'awaitingEligibility', 'planning', 'awaitingConference'];

/** For each action: the roles that may take it and the statuses in which it is allowed. */
export const CASE_ACTION_RULES: Readonly<Record<CaseAction, { roles: readonly Role[]; statuses: readonly CaseStatus[] }>> = {
  // Consent is recorded first, and may be widened later (the step refuses a later one in cases before the duties).
  recordConsent: { roles: ['caseworker'], statuses: OPEN },
  recordPreSurvey: { roles: ['caseworker'], statuses: ['preSurvey'] },
  // The first assessment, or a periodic re-assessment requested while the case runs (Act Art. 12(2)).
  recordAssessment: { roles: ['assessor', 'caseworker'], statuses: OPEN },
  decideEligibility: { roles: ['caseworker'], statuses: ['awaitingEligibility'] },
  // Urgent needs (the 돌봄SOS kind) are linked at once, before the full assessment and plan.
  // With the law's duties, at any stage of an open case once consent is recorded (the step checks the older rule).
  linkUrgentService: { roles: ['caseworker'], statuses: [...BEFORE_PLAN, 'active', 'linkingSingleServices'] },
  // Drafting while active revises the plan after monitoring; the revision goes through the same approval.
  draftPlan: { roles: ['caseworker'], statuses: ['planning', 'active'] },
  submitPlan: { roles: ['caseworker'], statuses: ['planning', 'active'] },
  conferenceDecision: { roles: ['supervisor'], statuses: ['awaitingConference'] },
  recordMonitoring: { roles: ['caseworker'], statuses: ['active', 'awaitingConference', 'planning'] },
  cancelReferral: { roles: ['caseworker'], statuses: OPEN },
  resolveEscalation: { roles: ['supervisor'], statuses: OPEN },
  withdrawConsent: { roles: ['caseworker'], statuses: OPEN.filter((s) => s !== 'awaitingConsent') },
  closeCase: { roles: ['caseworker', 'supervisor'], statuses: OPEN },
  // Rule Arts. 7-8: the dong's caseworker or the district's supervisor hands an open case on (ownership-steps.ts).
  reassignCase: { roles: ['caseworker', 'supervisor'], statuses: OPEN },
  transferCase: { roles: ['caseworker', 'supervisor'], statuses: OPEN },
  narrowConsent: { roles: ['caseworker'], statuses: OPEN.filter((s) => s !== 'awaitingConsent') },
  linkSingleService: { roles: ['caseworker'], statuses: OPEN.filter((s) => s !== 'awaitingConsent') },
};

export type Decision = { allowed: true } | { allowed: false; reason: string; code: 'ROLE_NOT_ALLOWED' | 'STATUS_NOT_ALLOWED' };

/** May `role` take `action` while the case is in `status`? A refusal says why, in words a user can act on. */
export function authoriseCaseAction(action: CaseAction, role: Role, status: CaseStatus): Decision {
  const rule = CASE_ACTION_RULES[action];
  if (!rule.roles.includes(role)) {
    return { allowed: false, code: 'ROLE_NOT_ALLOWED', reason: `${action} is taken by ${rule.roles.join(' or ')}, not ${role}` };
  }
  if (!rule.statuses.includes(status)) {
    return {
      allowed: false,
      code: 'STATUS_NOT_ALLOWED',
      reason: `${action} is not allowed while the case is ${status} (allowed when ${rule.statuses.join(', ')})`,
    };
  }
  return { allowed: true };
}

/** The status after the pre-survey screen: a full assessment is requested only when the screen says so. */
export function statusAfterPreSurvey(requestFullAssessment: boolean): CaseStatus {
  return requestFullAssessment ? 'awaitingAssessment' : 'awaitingEligibility';
}

/** The status after the support conference's decision. */
export function statusAfterConference(decision: 'approve' | 'change' | 'close'): CaseStatus {
  switch (decision) {
    case 'approve':
      return 'active';
    case 'change':
      return 'planning';
    case 'close':
      return 'closed';
  }
}
