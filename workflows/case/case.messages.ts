/**
 * Messages of the case workflow, defined once: its input, its state, the caseworker's, assessor's and
 * supervisor's actions (updates, validated before anything changes) and the state query.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import { sharedInWorkflows } from '../../domain/shared';
import {
  AgencyKind,
  ApplicantType,
  CareDomain,
  ClosureGround,
  DifficultyCause,
  ExOfficioGround,
  type DeclineReason,
  type TaskStatus,
} from '../../domain/codes';
import type { CaseStatus } from '../../domain/case/case-lifecycle';
import type { EligibilityDecision } from '../../domain/eligibility';
import type { AccessScope } from '../../domain/access';
import { AssessmentResult } from '../../domain/assessment';
import { PreSurveyInput, type PreSurveyScreen } from '../../domain/pre-survey';
import type { Policy } from '../../domain/policy';
import { CONSENT_SCOPES, ESCALATION_RESOLUTIONS, MONITORING_OUTCOMES, type ConsentScope, type EscalationKind, type MonitoringOutcome } from '../../domain/vocabulary';
import { Actor } from '../actor';
import { Period, Quantity } from '../referral/referral.messages';
import type { TimelineEntry } from '../timeline';

/** Personal data: travels only inside Temporal payloads, which the payload codec encrypts. Never in events. */
export type PersonalDetails = z.infer<typeof PersonalDetails>;

export type Application = z.infer<typeof Application>;

export type CaseIntake = z.infer<typeof CaseIntake>;

export type ServiceLine = z.infer<typeof ServiceLine>;

export interface PlanVersion {
  version: number;
  lines: ServiceLine[];
  /** With two or more providers: how they coordinate (Rule Form 2). */
  coordination?: string;
  /** The person and family were heard on this plan. */
  personHeard: boolean;
  draftedAt: string;
  submittedAt?: string;
  decidedAt?: string;
  decision?: 'approve' | 'change' | 'close';
}

export interface ReferralSummary {
  referralId: string;
  lineId: string;
  serviceCode: string;
  domain: CareDomain;
  status: TaskStatus;
  providerId?: string;
  escalated: boolean;
  urgent: boolean;
  /** The decision deadline, only while a provider's decision is awaited. */
  respondBy?: string;
  /** The current attempt (1 = the first provider asked). */
  attempt?: number;
  /** Why the latest provider to decline did so, shown to the caseworker (docs/events.md). */
  declineReason?: DeclineReason;
  lastSeq: number;
}

export interface Escalation {
  id: string;
  kind: EscalationKind;
  referralId?: string;
  openedAt: string;
  resolvedAt?: string;
}

export interface MonitoringVisit {
  at: string;
  by: string;
  outcome: MonitoringOutcome;
  dueDate: string;
}

export interface CaseState {
  caseId: string;
  status: CaseStatus;
  openedAt: string;
  districtCode: string;
  dongCode: string;
  recipientPseudoId: string;
  application: Application;
  personal: PersonalDetails;
  policy: Policy;
  consent?: { recordedAt: string; by: string; scope: ConsentScope[] };
  consentWithdrawnAt?: string;
  preSurvey?: { input: PreSurveyInput; screen: PreSurveyScreen; at: string };
  assessment?: { result: AssessmentResult; recordedAt: string };
  eligibility?: EligibilityDecision & { decidedAt: string };
  draftPlan?: PlanVersion;
  approvedPlan?: PlanVersion;
  firstPlanApprovedAt?: string;
  referrals: Record<string, ReferralSummary>;
  monitoring: { nextDue?: string; overdue: boolean; visits: MonitoringVisit[] };
  escalations: Escalation[];
  closure?: { ground: ClosureGround | 'ineligible'; at: string; by: string; reasons?: string[] };
  timeline: TimelineEntry[];
  /** Runs of this case so far (continue-as-new), for the record. */
  run: number;
}


// ---- actions (updates) ----


export type CaseActionResult = { status: CaseStatus; seq: number };

/**
 * A case action's arguments: the action, and the caller's area scope (the API passes the verified caller's),
 * which the validator checks against the case's area before anything else. Callers inside the system (tests,
 * tools with Temporal access) may leave it out.
 */
export type CaseActionArgs<S extends z.ZodType> = [z.input<S>, AccessScope?];

export const recordConsentUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof RecordConsent>>('recordConsent');
export const recordPreSurveyUpdate = defineUpdate<CaseActionResult & { requestFullAssessment: boolean }, CaseActionArgs<typeof RecordPreSurvey>>('recordPreSurvey');
export const recordAssessmentUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof RecordAssessment>>('recordAssessment');
export const decideEligibilityUpdate = defineUpdate<CaseActionResult & { eligible: boolean; reasons: string[] }, CaseActionArgs<typeof DecideEligibility>>('decideEligibility');
export const linkUrgentServiceUpdate = defineUpdate<CaseActionResult & { referralId: string }, CaseActionArgs<typeof LinkUrgentService>>('linkUrgentService');
export const draftPlanUpdate = defineUpdate<CaseActionResult & { version: number }, CaseActionArgs<typeof DraftPlan>>('draftPlan');
export const submitPlanUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof SubmitPlan>>('submitPlan');
export const conferenceDecisionUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof ConferenceDecisionInput>>('conferenceDecision');
export const recordMonitoringUpdate = defineUpdate<CaseActionResult & { nextDue?: string }, CaseActionArgs<typeof RecordMonitoring>>('recordMonitoring');
export const cancelReferralUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof CancelReferral>>('cancelReferral');
export const resolveEscalationUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof ResolveEscalation>>('resolveEscalation');
export const withdrawConsentUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof WithdrawConsent>>('withdrawConsent');
export const closeCaseUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof CloseCase>>('closeCase');

export const caseStateQuery = defineQuery<CaseState>('caseState');

/** The workflow id of a recipient's case: one open case per person. */
export function caseWorkflowId(recipientPseudoId: string): string {
  return `case-${recipientPseudoId}`;
}
export function referralWorkflowId(caseId: string, lineId: string, n: number): string {
  return `${caseId}-ref-${lineId}-${n}`;
}

export interface CaseWorkflowInput {
  intake: CaseIntake;
  /** Carried across continue-as-new. */
  state?: CaseState;
  monitoringOverdueAt?: string;
  /** History length after which the case continues as new (tests set it low). */
  historyLimit?: number;
}

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { PersonalDetails, Application, CaseIntake, ServiceLine, RecordConsent, RecordPreSurvey, RecordAssessment, DecideEligibility, LinkUrgentService, DraftPlan, SubmitPlan, ConferenceDecisionInput, RecordMonitoring, CancelReferral, ResolveEscalation, WithdrawConsent, CloseCase } = sharedInWorkflows('workflows/case.messages', (z) => {
  const PersonalDetails = z.strictObject({
    name: z.string().min(1).max(100),
    rrn: z.string().regex(/^\d{6}-?\d{7}$/, 'resident registration number must look like 000000-0000000'),
    birthDate: z.iso.date(),
    phone: z.string().max(32).optional(),
    address: z.string().max(200).optional(),
    healthNotes: z.string().max(2000).optional(),
  });
  const Application = z
    .strictObject({
      applicantType: ApplicantType,
      /** For agency staff: which kind of institution applied, with the person's consent. */
      agencyKind: AgencyKind.optional(),
      agencyConsentConfirmed: z.boolean().optional(),
      /** For ex officio: the ground, and that the person had the prior explanation and consented. */
      exOfficioGround: ExOfficioGround.optional(),
      priorExplanationGiven: z.boolean().optional(),
    })
    .superRefine((a, ctx) => {
      if (a.applicantType === 'exOfficio') {
        if (!a.exOfficioGround) ctx.addIssue({ code: 'custom', path: ['exOfficioGround'], message: 'ex-officio applications need one of the six grounds' });
        if (a.priorExplanationGiven !== true) ctx.addIssue({ code: 'custom', path: ['priorExplanationGiven'], message: 'ex officio still needs the prior explanation to the person' });
      } else if (a.exOfficioGround) {
        ctx.addIssue({ code: 'custom', path: ['exOfficioGround'], message: 'a ground is given only for ex-officio applications' });
      }
      if (a.applicantType === 'agencyStaff') {
        if (!a.agencyKind) ctx.addIssue({ code: 'custom', path: ['agencyKind'], message: 'agency staff must say which kind of institution applies' });
        if (a.agencyConsentConfirmed !== true) ctx.addIssue({ code: 'custom', path: ['agencyConsentConfirmed'], message: 'agency staff apply only with the person’s consent' });
      }
    });
  const CaseIntake = z.strictObject({
    recipientPseudoId: z.string().regex(/^[a-z0-9-]{8,64}$/, 'pseudonymous id: 8-64 lowercase letters, digits or dashes'),
    districtCode: z.string().regex(/^11\d{3}$/),
    dongCode: z.string().regex(/^11\d{6}$/),
    application: Application,
    personal: PersonalDetails,
    actor: Actor,
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  });
  const ServiceLine = z.strictObject({
    lineId: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
    serviceCode: z.string().regex(/^[A-Z]{3}-\d{2}$/),
    quantity: Quantity,
    period: Period,
    /** How the service is delivered (Rule Form 2: method), coded. */
    method: z.enum(['visit', 'centre', 'remote', 'placement', 'equipment', 'linkage']).default('visit'),
    preferredProviderId: z.string().optional(),
  });
  const RecordConsent = z.strictObject({
    actor: Actor,
    scope: z.array(z.enum(CONSENT_SCOPES)).min(1).default([...CONSENT_SCOPES]),
  });
  const RecordPreSurvey = z.strictObject({ actor: Actor, survey: PreSurveyInput });
  const RecordAssessment = z.strictObject({ actor: Actor, result: AssessmentResult });
  const DecideEligibility = z.strictObject({
    actor: Actor,
    severeDisabilityRecognised: z.boolean(),
    districtRecognised: z.strictObject({ recognised: z.boolean(), ministryConsulted: z.boolean() }).optional(),
    difficultyCauses: z.array(DifficultyCause),
    /** Need domains found by the survey; added to those of the assessment, if any. */
    needDomains: z.array(CareDomain).default([]),
  });
  const LinkUrgentService = z.strictObject({ actor: Actor, line: ServiceLine });
  const DraftPlan = z.strictObject({
    actor: Actor,
    lines: z.array(ServiceLine).min(1).max(20),
    coordination: z.string().max(500).optional(),
    personHeard: z.boolean(),
  });
  const SubmitPlan = z.strictObject({ actor: Actor });
  const ConferenceDecisionInput = z.strictObject({
    actor: Actor,
    decision: z.enum(['approve', 'change', 'close']),
    closureGround: ClosureGround.optional(),
    note: z.string().max(500).optional(),
  });
  const RecordMonitoring = z.strictObject({
    actor: Actor,
    outcome: z.enum(MONITORING_OUTCOMES),
    visitedAt: z.iso.datetime({ offset: true }).optional(),
  });
  const CancelReferral = z.strictObject({ actor: Actor, referralId: z.string().min(1) });
  const ResolveEscalation = z.strictObject({
    actor: Actor,
    escalationId: z.string().min(1),
    resolution: z.enum(ESCALATION_RESOLUTIONS),
    providerId: z.string().optional(),
  });
  const WithdrawConsent = z.strictObject({ actor: Actor });
  const CloseCase = z.strictObject({ actor: Actor, ground: ClosureGround, note: z.string().max(500).optional() });
  return { PersonalDetails, Application, CaseIntake, ServiceLine, RecordConsent, RecordPreSurvey, RecordAssessment, DecideEligibility, LinkUrgentService, DraftPlan, SubmitPlan, ConferenceDecisionInput, RecordMonitoring, CancelReferral, ResolveEscalation, WithdrawConsent, CloseCase };
});
