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
export const ESCALATION_KINDS = ['referralExhausted', 'monitoringOverdue', 'assessmentOverdue'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export const ESCALATION_RESOLUTIONS = ['retry', 'assignProvider', 'cancel', 'acknowledge'] as const;
export type EscalationResolutionKind = (typeof ESCALATION_RESOLUTIONS)[number];

/** A monitoring check's outcome (Rule Art. 10): continue the plan, or change it through the conference again. */
export const MONITORING_OUTCOMES = ['continue', 'changePlan'] as const;
export type MonitoringOutcome = (typeof MONITORING_OUTCOMES)[number];

/** How much of a service (a plan line, a referral, a provider's change): `amount` `unit`s `per` day, week, month or once. */
export const QUANTITY_UNITS = ['visit', 'hour', 'day', 'session', 'item', 'meal', 'case'] as const;
export const QUANTITY_PER = ['day', 'week', 'month', 'once'] as const;

/** How a service is delivered (Rule Form 2: method): a plan line's, and its referral request's. */
export const SERVICE_METHODS = ['visit', 'centre', 'remote', 'placement', 'equipment', 'linkage'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

/** Who gave consent (Act Art. 4): the person, or a named representative; and how: in writing, or orally with a witness. */
export const CONSENT_GIVERS = ['person', 'representative'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];
export const CONSENT_METHODS = ['written', 'oral'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** How urgent a case is, set by the pre-survey and the intake (Decree Art. 5: it orders the assessment, never skips it). */
export const CASE_PRIORITIES = ['urgent', 'high', 'routine'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** A comprehensive assessment request (Act Art. 12): the first one, or a periodic re-assessment (Art. 12(2)). */
export const ASSESSMENT_REQUEST_KINDS = ['initial', 'reassessment'] as const;
export type AssessmentRequestKind = (typeof ASSESSMENT_REQUEST_KINDS)[number];

/** A single service a person is linked to outside the integrated plan: information given, or a referral made by the dong. */
export const SINGLE_SERVICE_LINK_KINDS = ['information', 'referral'] as const;
export type SingleServiceLinkKind = (typeof SINGLE_SERVICE_LINK_KINDS)[number];

/** Why a case changes caseworker within its dong (Rule Arts. 7-8: the dong's caseworker carries the case). */
export const REASSIGNMENT_REASONS = ['caseworkerLeft', 'workload', 'leave', 'personRequest', 'other'] as const;
export type ReassignmentReason = (typeof REASSIGNMENT_REASONS)[number];
/** Why a case moves to another dong (Act Art. 10: the dong of residence takes the case). */
export const TRANSFER_REASONS = ['personMoved', 'addressCorrected'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

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
  informationGiven: 'kr.dolbom.case.information-given.v1',
  planDrafted: 'kr.dolbom.case.plan-drafted.v1',
  planSubmitted: 'kr.dolbom.case.plan-submitted.v1',
  conferenceDecided: 'kr.dolbom.case.conference-decided.v1',
  referralCancelRequested: 'kr.dolbom.case.referral-cancel-requested.v1',
  monitoringRecorded: 'kr.dolbom.case.monitoring-recorded.v1',
  monitoringOverdue: 'kr.dolbom.case.monitoring-overdue.v1',
  escalationOpened: 'kr.dolbom.case.escalation-opened.v1',
  escalationResolved: 'kr.dolbom.case.escalation-resolved.v1',
  consentWithdrawn: 'kr.dolbom.case.consent-withdrawn.v1',
  consentNarrowed: 'kr.dolbom.case.consent-narrowed.v1',
  assessmentRequested: 'kr.dolbom.case.assessment-requested.v1',
  assessmentOverdue: 'kr.dolbom.case.assessment-overdue.v1',
  monitoringReminder: 'kr.dolbom.case.monitoring-reminder.v1',
  singleServiceLinked: 'kr.dolbom.case.single-service-linked.v1',
  closed: 'kr.dolbom.case.closed.v1',
  caseReassigned: 'kr.dolbom.case.reassigned.v1',
  caseTransferred: 'kr.dolbom.case.transferred.v1',
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
/** A case's listing changed with no step to carry it (domain/listing/case-listing.ts). */
export const CASE_LISTING_CHANGED_TYPE = 'kr.dolbom.case.listing-changed.v1';
export const AUDIT_EVENT_TYPE = 'kr.dolbom.audit.recorded.v1';
export const SELF_CHECK_EVENT_TYPE = 'kr.dolbom.system.selfcheck.v1';

/**
 * The coded details each case step records, per kind: what goes on the timeline and into the event (never
 * personal data). events/schemas/case-lifecycle.ts holds the schemas of exactly these shapes.
 */
export interface CaseEventDetails {
  opened: { applicantType: ApplicantType; exOfficioGround?: ExOfficioGround; urgent?: boolean };
  consentRecorded: { scope: ConsentScope[]; givenBy?: ConsentGiver; method?: ConsentMethod };
  preSurveyRecorded: { requestFullAssessment: boolean };
  assessmentRecorded: Record<string, never>;
  eligibilityDecided:
    | { eligible: true; routes: EligibilityRoute[]; reasons: EligibilityReasonCode[] }
    | { eligible: false; reasons: EligibilityReasonCode[] };
  urgentServiceLinked: { referralId: string; serviceCode: string };
  /** A plan line of an open-access service (domain/catalogue): the person was told how to join; no referral. */
  informationGiven: { serviceCode: string; lineId: string };
  planDrafted: { version: number; serviceCodes: string[] };
  planSubmitted: { version: number };
  /** `noteKept`: the conference's note is kept in the case (never in the event): the timeline shows there is one. */
  conferenceDecided: { decision: ConferenceDecision; version: number; noteKept?: true };
  referralCancelRequested: { referralId: string };
  monitoringRecorded: { outcome: MonitoringOutcome; dueDate?: string; late: boolean };
  monitoringOverdue: { dueDate?: string; escalationId: string };
  escalationOpened: { escalationId: string; kind: EscalationKind; referralId: string };
  escalationResolved: { escalationId: string; resolution: EscalationResolutionKind };
  consentWithdrawn: Record<string, never>;
  consentNarrowed: { withdrawn: ConsentScope[]; remaining: ConsentScope[] };
  assessmentRequested: { requestId: string; kind: AssessmentRequestKind; priority: CasePriority; held: boolean };
  assessmentOverdue: { requestId: string; escalationId: string };
  monitoringReminder: { dueDate: string };
  singleServiceLinked: { serviceCode: string; kind: SingleServiceLinkKind };
  closed: { ground: CaseClosureGround; reasons?: EligibilityReasonCode[]; noteKept?: true; singleServicesLinked?: number };
  caseReassigned: { fromCaseworkerId?: string; toCaseworkerId: string; reason: ReassignmentReason };
  caseTransferred: { fromDongCode: string; toDongCode: string; toCaseworkerId?: string; reason: TransferReason };
}
