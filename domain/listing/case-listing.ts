/**
 * What the lists know of a case and of a referral (the caseload, the supervisor's and assessor's queues, the
 * provider lists): the facts a case's step events carry (`listing` in their data) and a referral's status events
 * carry, and what the listing projection (listing/) makes of them. A case's open referrals and next deadline are
 * not the case's to send: they follow its referrals' rows, so a referral's notice to its case changes no case row
 * (docs/performance.md, 2026-12-04 morning). Pure.
 */
import type { CaseState } from '../case/case-state';
import type { TaskStatus } from '../codes';
import { isAwaitingDecision, isOpenTaskStatus } from '../referral/referral-lifecycle';

/** The case's own facts for the lists, as of its publish (workflows/case/case.workflow.ts). */
export interface CaseListingFacts {
  /** When the case was opened: with the step's `seq`, what orders one case id's rows (an id can be opened again). */
  opened: string;
  assignedCaseworkerId?: string;
  overdue: boolean;
  escalationOpen: boolean;
  /** The case's own next deadline (its monitoring check ends, the assessor's answer is due); absent when none. */
  deadline?: string;
}

/**
 * The case's own deadlines, earliest first: the monitoring check's end (held by the workflow, so passed in) and
 * the assessor's answer while a request is out. Its referrals' decision deadlines are theirs (`referralDeadline`).
 */
export function ownDeadlines(state: CaseState, monitoringOverdueAt: string | undefined): string[] {
  const assessor = state.assessmentRequest?.status === 'requested' ? state.assessmentRequest.respondBy : undefined;
  return [monitoringOverdueAt, assessor].filter((d): d is string => !!d).sort();
}

export function caseListingFacts(state: CaseState, monitoringOverdueAt: string | undefined): CaseListingFacts {
  const deadline = ownDeadlines(state, monitoringOverdueAt)[0];
  return {
    opened: state.timeline[0]?.at ?? state.openedAt,
    ...(state.assignedCaseworkerId ? { assignedCaseworkerId: state.assignedCaseworkerId } : {}),
    overdue: state.monitoring.overdue,
    escalationOpen: state.escalations.some((e) => !e.resolvedAt),
    ...(deadline ? { deadline } : {}),
  };
}

/** A referral's decision deadline counts while a decision is awaited (docs/events.md). */
export function referralDeadline(r: { status: TaskStatus; respondBy?: string | null }): string | undefined {
  return isAwaitingDecision(r.status) && r.respondBy ? r.respondBy : undefined;
}

/** One case's row in the projection. */
export interface CaseListingRow {
  caseId: string;
  opened: string;
  seq: number;
  status: string;
  districtCode: string;
  dongCode: string;
  assignedCaseworkerId: string | null;
  overdue: boolean;
  escalationOpen: boolean;
  /** The case's own next deadline (ISO UTC); its referrals' are in their rows. */
  deadline: string | null;
}

/** One referral's row in the projection. */
export interface ReferralListingRow {
  referralId: string;
  caseId: string;
  seq: number;
  status: TaskStatus;
  /** The provider holding or asked for the referral; null while none does (expired, escalated). */
  providerId: string | null;
  escalated: boolean;
  respondBy: string | null;
  serviceCode: string;
  /** When the referral was made (its first event's time); kept from the first row. */
  createdAt: string;
}

/** What a case list shows of a case: its row, with what its referrals' rows add. */
export interface CaseListing extends CaseListingRow {
  openReferrals: number;
  /** The earliest of the case's own deadline and its referrals' awaited decisions; none once closed. */
  nextDeadline: string | null;
}

/** A case's listing from its row and its referrals' rows (listing/listing-store.ts computes the same in SQL). */
export function caseListing(row: CaseListingRow, referrals: readonly Pick<ReferralListingRow, 'status' | 'respondBy'>[]): CaseListing {
  const open = referrals.filter((r) => isOpenTaskStatus(r.status));
  const deadlines =
    row.status === 'closed' ? [] : [row.deadline ?? undefined, ...open.map(referralDeadline)].filter((d): d is string => !!d).sort();
  return { ...row, openReferrals: open.length, nextDeadline: deadlines[0] ?? null };
}

/**
 * Whether a case row replaces the one held: a later opening, or the same opening at the same or a later step (a
 * listing change comes at the step it follows, after that step's event on the case's partition). Openings compare
 * as instants, as the table holds them (listing/listing-schema.ts).
 */
export function replacesCaseRow(next: Pick<CaseListingRow, 'opened' | 'seq'>, held: Pick<CaseListingRow, 'opened' | 'seq'>): boolean {
  const a = Date.parse(next.opened);
  const b = Date.parse(held.opened);
  return a > b || (a === b && next.seq >= held.seq);
}
