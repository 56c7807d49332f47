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
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const OPEN: readonly CaseStatus[] = CASE_STATUSES.filter((s) => s !== 'closed');
const BEFORE_PLAN: readonly CaseStatus[] = ['preSurvey', 'awaitingAssessment', 'awaitingEligibility', 'planning', 'awaitingConference'];

/** For each action: the roles that may take it and the statuses in which it is allowed. */
export const CASE_ACTION_RULES: Readonly<Record<CaseAction, { roles: readonly Role[]; statuses: readonly CaseStatus[] }>> = {
  recordConsent: { roles: ['caseworker'], statuses: ['awaitingConsent'] },
  recordPreSurvey: { roles: ['caseworker'], statuses: ['preSurvey'] },
  recordAssessment: { roles: ['assessor', 'caseworker'], statuses: ['awaitingAssessment'] },
  decideEligibility: { roles: ['caseworker'], statuses: ['awaitingEligibility'] },
  // Urgent needs (the 돌봄SOS kind) are linked at once, before the full assessment and plan.
  linkUrgentService: { roles: ['caseworker'], statuses: BEFORE_PLAN },
  // Drafting while active revises the plan after monitoring; the revision goes through the same approval.
  draftPlan: { roles: ['caseworker'], statuses: ['planning', 'active'] },
  submitPlan: { roles: ['caseworker'], statuses: ['planning', 'active'] },
  conferenceDecision: { roles: ['supervisor'], statuses: ['awaitingConference'] },
  recordMonitoring: { roles: ['caseworker'], statuses: ['active', 'awaitingConference', 'planning'] },
  cancelReferral: { roles: ['caseworker'], statuses: OPEN },
  resolveEscalation: { roles: ['supervisor'], statuses: OPEN },
  withdrawConsent: { roles: ['caseworker'], statuses: OPEN.filter((s) => s !== 'awaitingConsent') },
  closeCase: { roles: ['caseworker', 'supervisor'], statuses: OPEN },
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
