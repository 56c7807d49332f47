/**
 * The case topic (`<prefix>case.events`), keyed by case id: one lifecycle event per recorded case step
 * (workflows/case/case-events.ts, details built in workflows/case/case.workflow.ts) and the status changes
 * of its referrals (workflows/referral/referral-events.ts, statusChangedEvent). Internal: read by district
 * systems and dashboards, not by providers.
 *
 * Every case event shares one data shape (CaseLifecycleData: caseId, seq, status, districtCode, dongCode,
 * details); `details` is a strict, coded object specific to the step, never personal data.
 */
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';
import { ApplicantType, ClosureGround, ConferenceDecision, EligibilityRoute, ExOfficioGround, TaskStatus } from '../../domain/codes';
import { EligibilityReasonCode } from '../../domain/eligibility';
import {
  CASE_EVENT_KINDS,
  CASE_EVENT_TYPES,
  CONSENT_SCOPES,
  ESCALATION_KINDS,
  ESCALATION_RESOLUTIONS,
  MONITORING_OUTCOMES,
  REFERRAL_STATUS_CHANGED_TYPE,
  type CaseEventDetails,
  type CaseEventKind,
} from '../../domain/vocabulary';
import { defineEvent, type CatalogueEntry, type EventExample } from './define';
import { EXAMPLE } from './examples';
import { CaseId, DistrictCode, DongCode, EscalationId, IsoDate, LineId, ProviderId, ReferralId, Seq, ServiceCode } from './common';

export const CaseStatus = z.enum(CASE_STATUSES);

/** Closure grounds: the five of Rule Art. 11, plus `ineligible` when the eligibility decision closes the case. */
export const CaseClosureGround = z.enum([...ClosureGround.options, 'ineligible']);

const PlanVersion = z.int().min(1).max(10_000).describe('Version of the support plan (1 for the first plan, +1 per revision).');

/** Step details per case event kind: exactly what the case workflow records, coded. */
export const CASE_EVENT_DETAILS = {
  opened: z.strictObject({
    applicantType: ApplicantType.describe('Who applied (Act Art. 10).'),
    exOfficioGround: ExOfficioGround.optional().describe('For ex-officio applications: which of the six grounds.'),
  }),
  consentRecorded: z.strictObject({ scope: z.array(z.enum(CONSENT_SCOPES)).min(1).describe('What the person consented to.') }),
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
  planDrafted: z.strictObject({
    version: PlanVersion,
    serviceCodes: z.array(ServiceCode).min(1).max(20).describe('Service codes of the plan lines.'),
  }),
  planSubmitted: z.strictObject({ version: PlanVersion }),
  conferenceDecided: z.strictObject({ decision: ConferenceDecision.describe("The support conference's decision."), version: PlanVersion }),
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
  closed: z.strictObject({
    ground: CaseClosureGround.describe('Closure ground (Rule Art. 11), or `ineligible`.'),
    reasons: z.array(EligibilityReasonCode).optional().describe('For `ineligible`: the unmet eligibility conditions.'),
  }),
} as const satisfies { readonly [K in CaseEventKind]: z.ZodType<CaseEventDetails[K]> };
// And the other way: every shape the steps record is one the schema takes (a drift fails tsc, not a test).
type Accepts<K extends CaseEventKind> = CaseEventDetails[K] extends z.input<(typeof CASE_EVENT_DETAILS)[K]> ? true : never;
type AllTrue<T extends { [K in CaseEventKind]: true }> = T;
export type CaseEventDetailsMatchSchemas = AllTrue<{ [K in CaseEventKind]: Accepts<K> }>;

/** The data every case lifecycle event carries, with the step's `details`. */
export function caseLifecycleData<D extends z.ZodType>(details: D) {
  return z.strictObject({
    caseId: CaseId,
    seq: Seq,
    status: CaseStatus.describe('Status of the case after this step.'),
    districtCode: DistrictCode.describe('District responsible for the case.'),
    dongCode: DongCode.describe('Dong community centre responsible for the case.'),
    details,
  });
}

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
  closed: {
    summary: 'The case was closed, with its ground (Rule Art. 11); open referrals are cancelled.',
    actor: CW,
    status: 'closed',
    details: { ground: 'supportNoLongerNeeded' },
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
      description: `Published when the case records its \`${kind}\` step; \`status\` is the case status after it. Internal (district systems, dashboards).`,
      dataSchema: CASE_LIFECYCLE_DATA[kind],
      subject: 'data.caseId',
      key: 'data.caseId',
      examples: caseExample(kind, i + 1) as EventExample<never>[],
    }),
  ),
  defineEvent({
    type: REFERRAL_STATUS_CHANGED_TYPE,
    direction: 'outbound',
    channel: 'caseEvents',
    summary: 'A referral of the case changed status.',
    description:
      'Published for every step of a referral (requested, provider reports, expired, escalated, cancelled, amended), on the case topic, keyed by case id. Internal.',
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
        },
      },
    ],
  }),
];
