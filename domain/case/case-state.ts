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
import type {
  AssessmentRequestKind,
  CasePriority,
  ConsentGiver,
  ConsentMethod,
  ConsentScope,
  EscalationKind,
  MonitoringOutcome,
  SingleServiceLinkKind,
} from '../vocabulary';
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
  /** The conference's note (free text, kept in the case only: domain/case/ownership-steps.ts). */
  decisionNote?: string;
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

/** What the person consented to, who gave it, how and when (Act Art. 4). */
export interface ConsentRecord {
  recordedAt: string;
  by: string;
  scope: ConsentScope[];
  givenBy?: ConsentGiver;
  representative?: { name: string; relationship: string };
  method?: ConsentMethod;
  witness?: string;
  givenAt?: string;
}

/** A comprehensive assessment asked of the assessor (Decree Art. 5; Act Art. 12), its deadline and state. */
export interface AssessmentRequest {
  requestId: string;
  kind: AssessmentRequestKind;
  priority: CasePriority;
  /** `held` until the person consents to survey and sharing; `stopped` when a narrowed consent stopped it. */
  status: 'held' | 'requested' | 'answered' | 'stopped';
  requestedAt: string;
  /** The business-day deadline, computed with the district's calendar once the request is out. */
  respondBy?: string;
  overdue: boolean;
}

/** A single service the person was linked to outside the integrated plan (one-stop linkage). */
export interface SingleServiceLink {
  at: string;
  by: string;
  serviceCode: string;
  kind: SingleServiceLinkKind;
  note?: string;
}

export interface CaseState {
  caseId: string;
  status: CaseStatus;
  openedAt: string;
  districtCode: string;
  dongCode: string;
  /**
   * The dong caseworker who carries the case (Rule Arts. 7-8; domain/case/ownership-steps.ts): set at intake, changed by
   * reassignment or transfer; null after a transfer named no one; absent in cases opened before the rule.
   */
  assignedCaseworkerId?: string | null;
  recipientPseudoId: string;
  application: Application;
  personal: PersonalDetails;
  policy: Policy;
  consent?: ConsentRecord;
  /** Urgency from the intake (an ex-officio crisis ground) and the pre-survey; orders the work, never skips a step. */
  priority?: CasePriority;
  /** The current or latest assessment request, and the next periodic re-assessment's due date (Act Art. 12(2)). */
  assessmentRequest?: AssessmentRequest;
  reassessmentDue?: string;
  singleServiceLinks?: SingleServiceLink[];
  consentWithdrawnAt?: string;
  preSurvey?: { input: PreSurveyInput; screen: PreSurveyScreen; at: string };
  assessment?: { result: AssessmentResult; recordedAt: string };
  eligibility?: EligibilityDecision & { decidedAt: string };
  draftPlan?: PlanVersion;
  approvedPlan?: PlanVersion;
  firstPlanApprovedAt?: string;
  referrals: Record<string, ReferralSummary>;
  monitoring: { nextDue?: string; overdue: boolean; visits: MonitoringVisit[]; remindedFor?: string };
  escalations: Escalation[];
  closure?: { ground: ClosureGround | 'ineligible'; at: string; by: string; reasons?: string[]; note?: string };
  timeline: TimelineEntry[];
  /** Runs of this case so far (continue-as-new), for the record. */
  run: number;
}

/** Ex-officio grounds that are a crisis: the case is urgent from intake (Emergency Welfare Support Act; disaster care). */
export const CRISIS_GROUNDS: readonly string[] = ['emergencyWelfareCrisis', 'disasterEmergencyCare'];

/** Urgent from intake: an ex-officio application on a crisis ground. */
export const isUrgentAtIntake = (application: Application): boolean =>
  application.applicantType === 'exOfficio' && CRISIS_GROUNDS.includes(application.exOfficioGround ?? '');

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
    ...(isUrgentAtIntake(intake.application) ? { priority: 'urgent' as const } : {}),
    referrals: {},
    monitoring: { overdue: false, visits: [] },
    escalations: [],
    timeline: [],
    run: 1,
  };
}
