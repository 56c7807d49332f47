/**
 * The case topic (`<prefix>case.events`), keyed by case id: one lifecycle event per recorded case step
 * (workflows/case/case-events.ts, details built in workflows/case/case.workflow.ts) and the status changes
 * of its referrals (workflows/referral/referral-events.ts, statusChangedEvent). Internal: read by district
 * systems and dashboards, not by providers. Each is also its step's audit record: the worker seals it (header
 * `dolbom-audit-seal`) and the audit store derives the step's entry from it (audit/step-entry.ts).
 *
 * Every case event shares one data shape (CaseLifecycleData: caseId, seq, status, districtCode, dongCode,
 * details); `details` is a strict, coded object specific to the step, never personal data.
 */
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';
import { ApplicantType, ClosureGround, ConferenceDecision, EligibilityRoute, ExOfficioGround, TaskStatus } from '../../domain/codes';
import { EligibilityReasonCode } from '../../domain/eligibility';
import {
  ASSESSMENT_REQUEST_KINDS,
  CASE_EVENT_KINDS,
  CASE_EVENT_TYPES,
  CASE_PRIORITIES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  SINGLE_SERVICE_LINK_KINDS,
  ESCALATION_KINDS,
  ESCALATION_RESOLUTIONS,
  MONITORING_OUTCOMES,
  REASSIGNMENT_REASONS,
  TRANSFER_REASONS,
  CASE_LISTING_CHANGED_TYPE,
  REFERRAL_STATUS_CHANGED_TYPE,
  type CaseEventDetails,
  type CaseEventKind,
} from '../../domain/vocabulary';
import { STAFF_ID_PATTERN } from '../../domain/case/ownership-inputs';
import { defineEvent, type CatalogueEntry, type EventExample } from './define';
import { EXAMPLE } from './examples';
import {
  CaseId,
  DistrictCode,
  DongCode,
  EscalationId,
  IsoDate,
  IsoDateTime,
  LineId,
  ProviderId,
  ReferralId,
  Seq,
  ServiceCode,
} from './common';
import { ReferralStepAction, ReferralStepDetails } from './referral-steps';

export const CaseStatus = z.enum(CASE_STATUSES);

/** Closure grounds: the five of Rule Art. 11, plus `ineligible` when the eligibility decision closes the case. */
export const CaseClosureGround = z.enum([...ClosureGround.options, 'ineligible']);

/** A note is kept in the case (free text, possibly personal); the event says only that there is one. */
const NoteKept = z.literal(true).optional().describe('Present when a note was kept with the step (in the case, never in events).');
const StaffId = z.string().regex(STAFF_ID_PATTERN).describe("A staff member's id (the `sub` of their token).");

const AssessmentRequestId = z
  .string()
  .regex(/^asm-[1-9]\d{0,4}$/)
  .describe('An assessment request within its case: `asm-1` for the first, counting up.');

const PlanVersion = z.int().min(1).max(10_000).describe('Version of the support plan (1 for the first plan, +1 per revision).');

/** Step details per case event kind: exactly what the case workflow records, coded. */
export const CASE_EVENT_DETAILS = {
  opened: z.strictObject({
    applicantType: ApplicantType.describe('Who applied (Act Art. 10).'),
    exOfficioGround: ExOfficioGround.optional().describe('For ex-officio applications: which of the six grounds.'),
    urgent: z.boolean().optional().describe('Flagged urgent at intake (an ex-officio crisis ground).'),
  }),
  consentRecorded: z.strictObject({
    scope: z.array(z.enum(CONSENT_SCOPES)).min(1).describe('What the person consents to now (all scopes given so far).'),
    givenBy: z.enum(CONSENT_GIVERS).optional().describe('The person, or a named representative (named in the case only).'),
    method: z.enum(CONSENT_METHODS).optional().describe('In writing, or orally before a witness (Act Art. 4).'),
  }),
  preSurveyRecorded: z.strictObject({
    requestFullAssessment: z.boolean().describe('Whether the screen requests the full comprehensive assessment.'),
  }),
  assessmentRecorded: z.strictObject({}).describe('No details: need levels are health data and stay in the case.'),
  eligibilityDecided: z.discriminatedUnion('eligible', [
    z.strictObject({
      eligible: z.literal(true),
      routes: z.array(EligibilityRoute).min(1).describe('Decree Art. 2 routes met.'),
      reasons: z.array(EligibilityReasonCode).describe('Reason codes of the decision.'),
    }),
    z.strictObject({
      eligible: z.literal(false),
      reasons: z.array(EligibilityReasonCode).describe('Reason codes of the decision.'),
    }),
  ]),
  urgentServiceLinked: z.strictObject({ referralId: ReferralId, serviceCode: ServiceCode }),
  informationGiven: z.strictObject({
    serviceCode: ServiceCode.describe('An open-access service: the person joins it without a provider decision.'),
    lineId: LineId.describe('The plan line it answers.'),
  }),
  planDrafted: z.strictObject({
    version: PlanVersion,
    serviceCodes: z.array(ServiceCode).min(1).max(20).describe('Service codes of the plan lines.'),
  }),
  planSubmitted: z.strictObject({ version: PlanVersion }),
  conferenceDecided: z.strictObject({
    decision: ConferenceDecision.describe("The support conference's decision."),
    version: PlanVersion,
    noteKept: NoteKept,
  }),
  referralCancelRequested: z.strictObject({ referralId: ReferralId }),
  monitoringRecorded: z.strictObject({
    outcome: z.enum(MONITORING_OUTCOMES).describe('Continue the plan, or change it.'),
    dueDate: IsoDate.optional().describe("The check's due date, when one was scheduled."),
    late: z.boolean().describe('Whether the check was overdue when recorded.'),
  }),
  monitoringOverdue: z.strictObject({ dueDate: IsoDate.optional().describe('The missed due date.'), escalationId: EscalationId }),
  escalationOpened: z.strictObject({ escalationId: EscalationId, kind: z.enum(ESCALATION_KINDS), referralId: ReferralId }),
  escalationResolved: z.strictObject({ escalationId: EscalationId, resolution: z.enum(ESCALATION_RESOLUTIONS) }),
  consentWithdrawn: z.strictObject({}),
  consentNarrowed: z.strictObject({
    withdrawn: z.array(z.enum(CONSENT_SCOPES)).min(1).describe('Scopes the person withdrew (Act Art. 4).'),
    remaining: z.array(z.enum(CONSENT_SCOPES)).describe('Scopes still given.'),
  }),
  assessmentRequested: z.strictObject({
    requestId: AssessmentRequestId,
    kind: z.enum(ASSESSMENT_REQUEST_KINDS).describe('The first assessment (Decree Art. 5), or a periodic re-assessment (Act Art. 12(2)).'),
    priority: z.enum(CASE_PRIORITIES).describe('Priority set by the pre-survey and the intake.'),
    held: z.boolean().describe('True while the request waits for consent to survey and sharing.'),
  }),
  assessmentOverdue: z.strictObject({ requestId: AssessmentRequestId, escalationId: EscalationId }),
  monitoringReminder: z.strictObject({ dueDate: IsoDate.describe('The check falls due on this date (Rule Art. 10).') }),
  singleServiceLinked: z.strictObject({
    serviceCode: ServiceCode,
    kind: z.enum(SINGLE_SERVICE_LINK_KINDS).describe('Information given, or a referral the dong made outside the plan.'),
  }),
  closed: z.strictObject({
    ground: CaseClosureGround.describe('Closure ground (Rule Art. 11), or `ineligible`.'),
    reasons: z.array(EligibilityReasonCode).optional().describe('For `ineligible`: the unmet eligibility conditions.'),
    noteKept: NoteKept,
    singleServicesLinked: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('How many single services the person was linked to before closure (one-stop linkage).'),
  }),
  caseReassigned: z.strictObject({
    fromCaseworkerId: StaffId.optional().describe('The caseworker who carried the case; absent when none was assigned.'),
    toCaseworkerId: StaffId.describe('The dong caseworker who carries the case from now on (Rule Arts. 7-8).'),
    reason: z.enum(REASSIGNMENT_REASONS).describe('Why the case changed hands.'),
  }),
  caseTransferred: z.strictObject({
    fromDongCode: DongCode.describe('The dong that carried the case.'),
    toDongCode: DongCode.describe('The dong the person moved to; `dongCode` of this event and later ones (Act Art. 10).'),
    toCaseworkerId: StaffId.optional().describe("The new dong's caseworker, when named; otherwise the case waits there unassigned."),
    reason: z.enum(TRANSFER_REASONS).describe('Why the case moved.'),
  }),
} as const satisfies { readonly [K in CaseEventKind]: z.ZodType<CaseEventDetails[K]> };
// And the other way: every shape the steps record is one the schema takes (a drift fails tsc, not a test).
type Accepts<K extends CaseEventKind> = CaseEventDetails[K] extends z.input<(typeof CASE_EVENT_DETAILS)[K]> ? true : never;
type AllTrue<T extends { [K in CaseEventKind]: true }> = T;
export type CaseEventDetailsMatchSchemas = AllTrue<{ [K in CaseEventKind]: Accepts<K> }>;

/** What the lists know of the case when the event is published (domain/listing/case-listing.ts `CaseListingFacts`). */
export const CaseListingFactsV1 = z
  .strictObject({
    opened: IsoDateTime.describe('When the case was opened: with `seq`, orders the listings of one case id (an id can be opened again).'),
    assignedCaseworkerId: StaffId.optional().describe('The dong caseworker who carries the case; absent when none is assigned.'),
    overdue: z.boolean().describe('The monitoring check is overdue.'),
    escalationOpen: z.boolean().describe('An escalation awaits the supervisor.'),
    deadline: IsoDateTime.optional().describe(
      "The case's own next deadline (monitoring, the assessor's answer); its referrals' are in their events.",
    ),
  })
  .describe('The case as the lists show it when this was published (set by cases started from 2026-12-04 on).');

const caseLifecycleFields = {
  caseId: CaseId,
  seq: Seq,
  status: CaseStatus.describe('Status of the case after this step.'),
  districtCode: DistrictCode.describe('District responsible for the case.'),
  dongCode: DongCode.describe('Dong community centre responsible for the case.'),
  listing: CaseListingFactsV1.optional(),
};

/** The data every case lifecycle event carries, with the step's `details`. */
export function caseLifecycleData<D extends z.ZodType>(details: D) {
  return z.strictObject({ ...caseLifecycleFields, details });
}

/** A case's listing changed with no step to publish it (listing/, docs/performance.md 2026-12-04 morning). */
export const CaseListingChangedV1 = z
  .strictObject({ ...caseLifecycleFields, seq: Seq.describe("The case's last step."), listing: CaseListingFactsV1 })
  .describe('What the lists show of the case changed, with no step of its own (a deadline computed after its step was published).');
export type CaseListingChangedV1 = z.infer<typeof CaseListingChangedV1>;

/** The shared data schema of case lifecycle events, `details` being any of the kinds' details. */
export const CaseLifecycleDataV1 = caseLifecycleData(z.union(Object.values(CASE_EVENT_DETAILS)));
export type CaseLifecycleDataV1 = z.infer<typeof CaseLifecycleDataV1>;

/** Per-kind data schemas: the shared shape with that kind's details. */
export const CASE_LIFECYCLE_DATA: { readonly [K in CaseEventKind]: z.ZodType } = Object.fromEntries(
  CASE_EVENT_KINDS.map((k) => [k, caseLifecycleData(CASE_EVENT_DETAILS[k].describe(`Details of the ${k} step.`))]),
) as unknown as { [K in CaseEventKind]: z.ZodType };

export const ReferralStatusChangedV1 = z
  .strictObject({
    referralId: ReferralId,
    caseId: CaseId,
    lineId: LineId,
    serviceCode: ServiceCode,
    status: TaskStatus.describe('Status of the referral after the step (HL7 FHIR Task status).'),
    providerId: ProviderId.optional().describe(
      'The provider currently assigned or asked; absent before the first request and while escalated.',
    ),
    escalated: z.boolean().describe('True while every allowed provider has declined or let the deadline pass and the supervisor must act.'),
    attempt: z.int().min(0).max(1000).describe('Number of provider attempts so far (0 before the first request).'),
    seq: Seq.optional().describe("The step's place on the referral's timeline: the listings keep the latest (set from 2026-12-04 on)."),
    respondBy: IsoDateTime.optional().describe('While a decision is awaited (`requested`, `received`): when it is due.'),
    action: ReferralStepAction.describe('The step (`provider.<report>` for a provider report); the audit store records it.'),
    step: ReferralStepDetails.describe("The step's coded details, as the referral's timeline shows them."),
  })
  .describe('A referral of the case changed status (any step of the referral, including provider reports).');
export type ReferralStatusChangedV1 = z.infer<typeof ReferralStatusChangedV1>;

const CW = { actorrole: 'caseworker', actorid: EXAMPLE.caseworker } as const;
const SV = { actorrole: 'supervisor', actorid: EXAMPLE.supervisor } as const;
const SYS = { actorrole: 'system', actorid: 'dolbom' } as const;

/** Per kind: what it means, and one example (actor, case status after the step, details). */
const CASE_EVENT_DOCS: {
  readonly [K in CaseEventKind]: {
    summary: string;
    actor: { actorrole: string; actorid: string };
    status: string;
    details: z.input<(typeof CASE_EVENT_DETAILS)[K]>;
  };
} = {
  opened: {
    summary: 'A case was opened on an application at the dong (Act Art. 10).',
    actor: CW,
    status: 'awaitingConsent',
    details: { applicantType: 'self' },
  },
  consentRecorded: {
    summary: "The person's consent (survey, sharing, referral) was recorded.",
    actor: CW,
    status: 'preSurvey',
    details: { scope: ['survey', 'sharing', 'referral'] },
  },
  preSurveyRecorded: {
    summary: 'The dong pre-survey (ADL screen) was recorded.',
    actor: CW,
    status: 'awaitingAssessment',
    details: { requestFullAssessment: true },
  },
  assessmentRecorded: {
    summary: 'The comprehensive assessment result came back.',
    actor: { actorrole: 'assessor', actorid: 'nhis-seoul-01' },
    status: 'awaitingEligibility',
    details: {},
  },
  eligibilityDecided: {
    summary: 'Eligibility was decided (Decree Art. 2), with reason codes; an ineligible case closes next.',
    actor: CW,
    status: 'planning',
    details: { eligible: true, routes: ['aged65Plus'], reasons: ['DIFFICULTY_PRESENT', 'MULTI_DOMAIN_NEED', 'ROUTE_AGE_65'] },
  },
  urgentServiceLinked: {
    summary: 'An urgent service was linked before the assessment (a referral starts).',
    actor: CW,
    status: 'preSurvey',
    details: { referralId: 'case-7f3a9c2e41b8-ref-U1-1', serviceCode: 'DAY-02' },
  },
  informationGiven: {
    summary: 'A plan line of an open-access service was approved: the person was told how to join it; no referral, no provider answer.',
    actor: SV,
    status: 'active',
    details: { serviceCode: 'HLT-07', lineId: 'L3' },
  },
  planDrafted: {
    summary: 'A support plan version was drafted.',
    actor: CW,
    status: 'planning',
    details: { version: 1, serviceCodes: ['LTC-02', 'HOU-02'] },
  },
  planSubmitted: {
    summary: 'The plan was submitted to the support conference.',
    actor: CW,
    status: 'awaitingConference',
    details: { version: 1 },
  },
  conferenceDecided: {
    summary: 'The support conference approved, changed or closed the plan.',
    actor: SV,
    status: 'active',
    details: { decision: 'approve', version: 1 },
  },
  referralCancelRequested: {
    summary: 'The caseworker asked to cancel a referral.',
    actor: CW,
    status: 'active',
    details: { referralId: EXAMPLE.referralId },
  },
  monitoringRecorded: {
    summary: 'A monitoring check was recorded (Rule Art. 10).',
    actor: CW,
    status: 'active',
    details: { outcome: 'continue', dueDate: '2026-07-01', late: false },
  },
  monitoringOverdue: {
    summary: 'A monitoring check is overdue; an escalation opened.',
    actor: SYS,
    status: 'active',
    details: { dueDate: '2026-07-01', escalationId: 'esc-2' },
  },
  escalationOpened: {
    summary: 'Every allowed provider declined or let the deadline pass: the supervisor must act.',
    actor: SYS,
    status: 'active',
    details: { escalationId: 'esc-1', kind: 'referralExhausted', referralId: EXAMPLE.referralId },
  },
  escalationResolved: {
    summary: 'The supervisor resolved an escalation.',
    actor: SV,
    status: 'active',
    details: { escalationId: 'esc-1', resolution: 'retry' },
  },
  consentWithdrawn: {
    summary: 'The person withdrew consent; the case closes next and open referrals are cancelled.',
    actor: CW,
    status: 'active',
    details: {},
  },
  consentNarrowed: {
    summary: 'The person narrowed their consent (Act Art. 4); pending work under the withdrawn scopes stopped, the case stays open.',
    actor: CW,
    status: 'active',
    details: { withdrawn: ['referral'], remaining: ['survey', 'sharing'] },
  },
  assessmentRequested: {
    summary: 'A comprehensive assessment was requested from the assessor (Decree Art. 5; Act Art. 12(2) for a re-assessment).',
    actor: CW,
    status: 'awaitingAssessment',
    details: { requestId: 'asm-1', kind: 'initial', priority: 'high', held: false },
  },
  assessmentOverdue: {
    summary: 'The assessor did not answer by the deadline; an escalation opened.',
    actor: SYS,
    status: 'awaitingAssessment',
    details: { requestId: 'asm-1', escalationId: 'esc-1' },
  },
  monitoringReminder: {
    summary: 'A monitoring check falls due soon (Rule Art. 10); a reminder to the caseworker.',
    actor: SYS,
    status: 'active',
    details: { dueDate: '2026-07-01' },
  },
  singleServiceLinked: {
    summary: 'The person was linked to a single service outside the integrated plan (one-stop linkage).',
    actor: CW,
    status: 'linkingSingleServices',
    details: { serviceCode: 'HLT-04', kind: 'information' },
  },
  closed: {
    summary: 'The case was closed, with its ground (Rule Art. 11); open referrals are cancelled.',
    actor: CW,
    status: 'closed',
    details: { ground: 'supportNoLongerNeeded' },
  },
  caseReassigned: {
    summary: 'The case passed to another caseworker of its dong (Rule Arts. 7-8), one by one or with a departing caseworker’s caseload.',
    actor: SV,
    status: 'active',
    details: { fromCaseworkerId: EXAMPLE.caseworker, toCaseworkerId: 'cw-11110510-02', reason: 'caseworkerLeft' },
  },
  caseTransferred: {
    summary: 'The person moved: the case passed to the dong of the new residence in the same district (Act Art. 10).',
    actor: CW,
    status: 'active',
    details: { fromDongCode: EXAMPLE.dongCode, toDongCode: '11110530', reason: 'personMoved' },
  },
};

const caseExample = <K extends CaseEventKind>(kind: K, seq: number): EventExample<unknown>[] => {
  const doc = CASE_EVENT_DOCS[kind];
  return [
    {
      name: 'example',
      summary: doc.summary,
      ...doc.actor,
      time: EXAMPLE.at,
      data: {
        caseId: EXAMPLE.caseId,
        seq,
        status: doc.status,
        districtCode: EXAMPLE.districtCode,
        dongCode: EXAMPLE.dongCode,
        details: doc.details,
      },
    },
  ];
};

export const CASE_LIFECYCLE_EVENTS: readonly CatalogueEntry[] = [
  ...CASE_EVENT_KINDS.map((kind, i) =>
    defineEvent({
      type: CASE_EVENT_TYPES[kind],
      direction: 'outbound',
      channel: 'caseEvents',
      summary: CASE_EVENT_DOCS[kind].summary,
      description: `Published when the case records its \`${kind}\` step; \`status\` is the case status after it. Sealed: the audit store derives the step's entry from it. Internal (district systems, dashboards).`,
      dataSchema: CASE_LIFECYCLE_DATA[kind],
      subject: 'data.caseId',
      key: 'data.caseId',
      examples: caseExample(kind, i + 1) as EventExample<never>[],
    }),
  ),
  defineEvent({
    type: CASE_LISTING_CHANGED_TYPE,
    direction: 'outbound',
    channel: 'caseEvents',
    summary: 'What the lists show of a case changed with no step of its own.',
    description:
      "Published when a case's listing (its own deadline, say) changed after its last step was published. Not sealed: it records no step. Internal (the API's listings).",
    dataSchema: CaseListingChangedV1,
    subject: 'data.caseId',
    key: 'data.caseId',
    examples: [
      {
        name: 'example',
        summary: "The monitoring check's deadline, set after the conference's decision was published.",
        actorrole: 'system',
        actorid: 'dolbom',
        time: '2026-04-02T01:15:00.000Z',
        data: {
          caseId: EXAMPLE.caseId,
          seq: 12,
          status: 'active',
          districtCode: EXAMPLE.districtCode,
          dongCode: EXAMPLE.dongCode,
          listing: {
            opened: '2026-03-30T00:12:00.000Z',
            assignedCaseworkerId: EXAMPLE.caseworker,
            overdue: false,
            escalationOpen: false,
            deadline: '2026-07-01T15:00:00.000Z',
          },
        },
      },
    ],
  }),
  defineEvent({
    type: REFERRAL_STATUS_CHANGED_TYPE,
    direction: 'outbound',
    channel: 'caseEvents',
    summary: 'A referral of the case changed status.',
    description:
      "Published for every step of a referral (requested, provider reports, expired, escalated, cancelled, amended), on the case topic, keyed by case id. Sealed: the audit store derives the step's entry from it. Internal.",
    dataSchema: ReferralStatusChangedV1,
    subject: 'data.referralId',
    key: 'data.caseId',
    examples: [
      {
        name: 'example',
        summary: 'The provider accepted.',
        actorrole: 'provider',
        actorid: EXAMPLE.providerId,
        time: '2026-04-02T01:15:00.000Z',
        data: {
          referralId: EXAMPLE.referralId,
          caseId: EXAMPLE.caseId,
          lineId: EXAMPLE.lineId,
          serviceCode: EXAMPLE.serviceCode,
          status: 'accepted',
          providerId: EXAMPLE.providerId,
          escalated: false,
          attempt: 1,
          action: 'provider.accepted',
          step: {},
        },
      },
    ],
  }),
];
