/**
 * What a case is at any moment: its status, the person, the consent, the survey and assessment, the
 * eligibility decision, the plans, the referrals as the case sees them, monitoring, escalations, closure and
 * the timeline. The case workflow holds it; the steps (domain/case/steps.ts) return the next one.
 */
import type { AssessmentResult } from '../assessment';
import type { CareDomain, ClosureGround, DeclineReason, TaskStatus } from '../codes';
import type { EligibilityDecision } from '../eligibility';
import type { Policy } from '../policy';
import type { PreSurveyInput, PreSurveyScreen } from '../pre-survey';
import type { TimelineEntry } from '../timeline';
import type { ConsentScope, EscalationKind, MonitoringOutcome } from '../vocabulary';
import type { CaseStatus } from './case-lifecycle';
import type { Application, CaseIntake, PersonalDetails, ServiceLine } from './case-inputs';

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

/** The workflow id of a recipient's case: one open case per person. */
export function caseWorkflowId(recipientPseudoId: string): string {
  return `case-${recipientPseudoId}`;
}
export function referralWorkflowId(caseId: string, lineId: string, n: number): string {
  return `${caseId}-ref-${lineId}-${n}`;
}

/** A case as intake opens it (Act Art. 10): awaiting the person's consent, with the default policy until the district's is read. */
export function openedCaseState(caseId: string, intake: CaseIntake, policy: Policy, openedAt: string): CaseState {
  return {
    caseId,
    status: 'awaitingConsent',
    openedAt: intake.receivedAt ?? openedAt,
    districtCode: intake.districtCode,
    dongCode: intake.dongCode,
    recipientPseudoId: intake.recipientPseudoId,
    application: intake.application,
    personal: intake.personal,
    policy: { ...policy },
    referrals: {},
    monitoring: { overdue: false, visits: [] },
    escalations: [],
    timeline: [],
    run: 1,
  };
}
