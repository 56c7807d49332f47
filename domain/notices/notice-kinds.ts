/**
 * The notices a case owes the person, and how one is handed over. Each kind is a document in Korean produced
 * on request for the person (never an event): the comprehensive assessment's result (Act Art. 12(1)), the
 * support plan (Rule Art. 9(1)), an ineligibility decision with its reasons and how to object (Decree Art. 2;
 * Administrative Procedure Act Arts. 23 and 26), and closure with its ground (Rule Art. 11).
 */
export const NOTICE_KINDS = ['assessmentResult', 'supportPlan', 'ineligibility', 'closure'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** How the notice reached the person: handed over in person, by post, or electronically. */
export const NOTICE_HANDOVERS = ['inPerson', 'post', 'electronic'] as const;
export type NoticeHandover = (typeof NOTICE_HANDOVERS)[number];

/** The audit action of an issued notice (events/schemas/audit.ts), shown on the case's timeline. */
export const NOTICE_ISSUED_ACTION = 'notice.issued';

/** A notice's id: `notice-` and a UUID; also the audited target of its issuance. */
export const NOTICE_ID_PATTERN = /^notice-[0-9a-f-]{36}$/;
