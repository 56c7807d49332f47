/**
 * The audit topic (`<prefix>audit`), keyed by case id: one record per read of case data through the API and per
 * notice issued, feeding the append-only audit store that PIPA requires (access logs kept at least two years).
 * A case or referral step has no record of its own: the store derives its entry from the step's sealed event on
 * the case topic (audit/step-entry.ts); records of steps published before that are still stored as they come.
 * Internal: read by the audit store only.
 */
import { z } from 'zod';
import { TaskStatus } from '../../domain/codes';
import { ActorRole } from '../envelope';
import { AUDIT_EVENT_TYPE, CASE_EVENT_KINDS } from '../../domain/vocabulary';
import { NOTICE_HANDOVERS, NOTICE_ID_PATTERN, NOTICE_ISSUED_ACTION, NOTICE_KINDS } from '../../domain/notices/notice-kinds';
import { CASE_EVENT_DETAILS, CaseStatus } from './case-lifecycle';
import { CaseId, IsoDateTime, OPAQUE_ID_PATTERN } from './common';
import { REFERRAL_AUDIT_ACTIONS, REFERRAL_STEP_DETAILS } from './referral-steps';
import { defineEvent, type CatalogueEntry } from './define';
import { EXAMPLE } from './examples';

/**
 * Reads of case data through the API or the console (access 'read'): who viewed what, and who tried to and was
 * refused (`access.refused`: outside their area, or a referral not assigned to them).
 */
export const READ_AUDIT_ACTIONS = [
  'case.viewed',
  'timeline.viewed',
  'access-report.viewed',
  'payloads.decoded',
  'referral.viewed',
  'referral.contact-viewed',
  'access.refused',
  'notice.downloaded',
] as const;

/** Every audited action: the case steps, the referral steps, notices and reads. */
export const AUDIT_ACTIONS = [
  ...new Set<string>([...CASE_EVENT_KINDS, ...REFERRAL_AUDIT_ACTIONS, NOTICE_ISSUED_ACTION, ...READ_AUDIT_ACTIONS]),
] as [string, ...string[]];
export const AuditAction = z.enum(AUDIT_ACTIONS);

/**
 * A notice issued to the person (api/services/notices.ts): which, how it was handed over, its id and the SHA-256 of
 * its PDF; never its content, which holds the person's name and address.
 */
export const NoticeIssuedDetails = z
  .strictObject({
    kind: z.enum(NOTICE_KINDS),
    handover: z.enum(NOTICE_HANDOVERS),
    noticeId: z.string().regex(NOTICE_ID_PATTERN),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  })
  .describe(NOTICE_ISSUED_ACTION);
/** Any step's coded details: a case step's (CASE_EVENT_DETAILS), a referral step's, or a notice's issuance. */
const StepDetails = z.union([...Object.values(CASE_EVENT_DETAILS), ...REFERRAL_STEP_DETAILS, NoticeIssuedDetails]);

export const AuditRecordedV1 = z
  .strictObject({
    caseId: CaseId.describe('The case the record belongs to.'),
    target: z
      .string()
      .regex(OPAQUE_ID_PATTERN)
      .describe('What was read or written: the case id or a referral id. Equals the envelope `subject`.'),
    action: AuditAction.describe('The step: a case step kind, or a referral step (`provider.<report>` for provider reports).'),
    access: z.enum(['read', 'write']).describe('Whether the record was read (through the API) or written (a step of the case).'),
    actorRole: ActorRole.describe('Role of who acted; equals the envelope `actorrole`.'),
    actorId: z
      .string()
      .regex(/^\S{1,128}$/, 'expected an id without spaces (at most 128)')
      .describe('Staff or organisation id of who acted; equals the envelope `actorid`.'),
    at: IsoDateTime.describe('When; equals the envelope `time`.'),
    details: z
      .union([
        z.strictObject({
          status: z.union([CaseStatus, TaskStatus]).describe('Status of the target after the step.'),
          step: StepDetails.optional().describe("The step's own coded details, as its event carries them (what the timeline shows)."),
        }),
        z.strictObject({
          from: z
            .string()
            .regex(/^[0-9a-fA-F.:]{2,45}$/, 'an IP address')
            .describe('Client address of the read.'),
          route: z
            .string()
            .regex(/^\/[A-Za-z0-9/:._-]{0,199}$/, 'an API route')
            .describe('The API route read.'),
          payloads: z
            .number()
            .int()
            .min(0)
            .max(100000)
            .optional()
            .describe('How many Temporal payloads were decoded (the codec endpoint).'),
        }),
      ])
      .describe("Coded details, never content: the status after a write with the step's coded details, or where a read came from."),
  })
  .describe('Who did what to which case or referral, and when.');
export type AuditRecordedV1 = z.infer<typeof AuditRecordedV1>;

export const AUDIT_EVENTS: readonly CatalogueEntry[] = [
  defineEvent({
    type: AUDIT_EVENT_TYPE,
    direction: 'outbound',
    channel: 'audit',
    summary: 'An audit record: who did what to which case or referral, and when.',
    description:
      "Published for every read of case data through the API and every notice issued. A case or referral step has no record here: the audit store derives the step's entry from its event on the case topic, which the worker seals (header `dolbom-audit-seal`). Internal: read by the append-only audit store only.",
    dataSchema: AuditRecordedV1,
    subject: 'data.target',
    key: 'data.caseId',
    rules: [
      { left: 'actorrole', right: 'data.actorRole', reason: 'schema-violation' },
      { left: 'actorid', right: 'data.actorId', reason: 'schema-violation' },
      { left: 'time', right: 'data.at', reason: 'schema-violation' },
    ],
    examples: [
      {
        name: 'example',
        summary: 'The caseworker read the case through the API.',
        actorrole: 'caseworker',
        actorid: EXAMPLE.caseworker,
        time: EXAMPLE.at,
        data: {
          caseId: EXAMPLE.caseId,
          target: EXAMPLE.caseId,
          action: 'case.viewed',
          access: 'read',
          actorRole: 'caseworker',
          actorId: EXAMPLE.caseworker,
          at: EXAMPLE.at,
          details: { from: '10.20.30.40', route: `/cases/${EXAMPLE.caseId}` },
        },
      },
    ],
  }),
];
