/**
 * The project's names, defined once and imported by workflows, event schemas, the API and the bridge: event
 * types, consent scopes, cancel reasons, escalation kinds and resolutions, monitoring outcomes, and the coded
 * details each case step records. Plain TypeScript, no zod: workflow code imports it without pulling in schemas.
 * The event schemas (events/schemas/*) are built from these names and checked against these shapes by tsc.
 */
import type { ApplicantType, ClosureGround, ConferenceDecision, EligibilityRoute, ExOfficioGround } from './codes';
import type { EligibilityReasonCode } from './eligibility';

/** What a person consents to (Act Art. 4; docs/events.md): the survey, sharing data, and referral to providers. */
export const CONSENT_SCOPES = ['survey', 'sharing', 'referral'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** Why a referral was cancelled: the caseworker's act, a plan change, consent withdrawn, or the case closed. */
export const REFERRAL_CANCEL_REASONS = ['caseworkerCancelled', 'planChanged', 'consentWithdrawn', 'caseClosed'] as const;
export type ReferralCancelReason = (typeof REFERRAL_CANCEL_REASONS)[number];

/** What the supervisor must act on: every provider allowed declined or let the deadline pass, or a missed check. */
export const ESCALATION_KINDS = ['referralExhausted', 'monitoringOverdue'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export const ESCALATION_RESOLUTIONS = ['retry', 'assignProvider', 'cancel', 'acknowledge'] as const;
export type EscalationResolutionKind = (typeof ESCALATION_RESOLUTIONS)[number];

/** A monitoring check's outcome (Rule Art. 10): continue the plan, or change it through the conference again. */
export const MONITORING_OUTCOMES = ['continue', 'changePlan'] as const;
export type MonitoringOutcome = (typeof MONITORING_OUTCOMES)[number];

/** How much of a service (a plan line, a referral, a provider's change): `amount` `unit`s `per` day, week, month or once. */
export const QUANTITY_UNITS = ['visit', 'hour', 'day', 'session', 'item', 'meal', 'case'] as const;
export const QUANTITY_PER = ['day', 'week', 'month', 'once'] as const;

/** Closure grounds: the five of Rule Art. 11, plus `ineligible` when the eligibility decision closes the case. */
export type CaseClosureGround = ClosureGround | 'ineligible';

/** The case lifecycle event types, one per recorded step, versioned. */
export const CASE_EVENT_TYPES = {
  opened: 'kr.dolbom.case.opened.v1',
  consentRecorded: 'kr.dolbom.case.consent-recorded.v1',
  preSurveyRecorded: 'kr.dolbom.case.pre-survey-recorded.v1',
  assessmentRecorded: 'kr.dolbom.case.assessment-recorded.v1',
  eligibilityDecided: 'kr.dolbom.case.eligibility-decided.v1',
  urgentServiceLinked: 'kr.dolbom.case.urgent-service-linked.v1',
  planDrafted: 'kr.dolbom.case.plan-drafted.v1',
  planSubmitted: 'kr.dolbom.case.plan-submitted.v1',
  conferenceDecided: 'kr.dolbom.case.conference-decided.v1',
  referralCancelRequested: 'kr.dolbom.case.referral-cancel-requested.v1',
  monitoringRecorded: 'kr.dolbom.case.monitoring-recorded.v1',
  monitoringOverdue: 'kr.dolbom.case.monitoring-overdue.v1',
  escalationOpened: 'kr.dolbom.case.escalation-opened.v1',
  escalationResolved: 'kr.dolbom.case.escalation-resolved.v1',
  consentWithdrawn: 'kr.dolbom.case.consent-withdrawn.v1',
  closed: 'kr.dolbom.case.closed.v1',
} as const;
export type CaseEventKind = keyof typeof CASE_EVENT_TYPES;
export const CASE_EVENT_KINDS = Object.keys(CASE_EVENT_TYPES) as CaseEventKind[];

/** What Dolbom tells providers, on the referral topic of the service's care domain. */
export const REFERRAL_OUTBOUND_TYPES = {
  requested: 'kr.dolbom.referral.requested.v1',
  expired: 'kr.dolbom.referral.expired.v1',
  cancelled: 'kr.dolbom.referral.cancelled.v1',
  amended: 'kr.dolbom.referral.amended.v1',
} as const;
export const REFERRAL_STATUS_CHANGED_TYPE = 'kr.dolbom.referral.status-changed.v1';
export const AUDIT_EVENT_TYPE = 'kr.dolbom.audit.recorded.v1';
export const SELF_CHECK_EVENT_TYPE = 'kr.dolbom.system.selfcheck.v1';

/**
 * The coded details each case step records, per kind: what goes on the timeline and into the event (never
 * personal data). events/schemas/case-lifecycle.ts holds the schemas of exactly these shapes.
 */
export interface CaseEventDetails {
  opened: { applicantType: ApplicantType; exOfficioGround?: ExOfficioGround };
  consentRecorded: { scope: ConsentScope[] };
  preSurveyRecorded: { requestFullAssessment: boolean };
  assessmentRecorded: Record<string, never>;
  eligibilityDecided:
    | { eligible: true; routes: EligibilityRoute[]; reasons: EligibilityReasonCode[] }
    | { eligible: false; reasons: EligibilityReasonCode[] };
  urgentServiceLinked: { referralId: string; serviceCode: string };
  planDrafted: { version: number; serviceCodes: string[] };
  planSubmitted: { version: number };
  conferenceDecided: { decision: ConferenceDecision; version: number };
  referralCancelRequested: { referralId: string };
  monitoringRecorded: { outcome: MonitoringOutcome; dueDate?: string; late: boolean };
  monitoringOverdue: { dueDate?: string; escalationId: string };
  escalationOpened: { escalationId: string; kind: EscalationKind; referralId: string };
  escalationResolved: { escalationId: string; resolution: EscalationResolutionKind };
  consentWithdrawn: Record<string, never>;
  closed: { ground: CaseClosureGround; reasons?: EligibilityReasonCode[] };
}
