/**
 * A provider's report on its referral (docs/events.md; FHIR Task transitions in referral-lifecycle.ts), as one
 * pure step the referral workflow's validator and handler share: a duplicate (its event id was applied) is
 * answered, not refused; a report on a finished referral, from a provider it is not assigned to, answering an
 * older request, a decline without its coded reason, or a transition the lifecycle forbids is refused with the
 * failure type the bridge turns into a dead-letter reason (events/schemas/dead-letter.ts).
 */
import type { DeclineReason, TaskStatus } from '../codes';
import { ERR_ACTION_NOT_ALLOWED, ERR_INVALID_INPUT, ERR_REFERRAL_CLOSED, ERR_REPORT_LIMIT, ERR_WRONG_PROVIDER } from '../failures';
import type { Period, Quantity } from '../service-shapes';
import { applyProviderReport, isOpenTaskStatus, type ProviderReport } from './referral-lifecycle';

/** What the rule reads of a referral. */
export interface ReportedReferral {
  referralId: string;
  status: TaskStatus;
  providerId?: string;
  attempts: readonly { attempt: number }[];
  appliedEventIds: readonly string[];
}

/**
 * Bounds on what a provider may report on one referral (issue 14). Every applied report stays in the referral's
 * state (its event id, a timeline entry), which travels whole through continue-as-new, so reports without bound
 * would grow it to Temporal's payload and history limits. Fifty changes (quantity, schedule, staff) are far more
 * than a six-month service line sees; past them the district re-plans the line rather than follow it change by
 * change. The total bounds the hold/resume loop too; a report that ends the provision is always taken.
 */
export const MAX_CHANGE_REPORTS_PER_REFERRAL = 50;
export const MAX_PROVIDER_REPORTS_PER_REFERRAL = 200;
/** The timeline action of an applied `changed` report (workflows/referral/referral.workflow.ts records `provider.<report>`). */
export const CHANGE_REPORT_ACTION = 'provider.changed';
const ENDS_PROVISION: readonly ProviderReport[] = ['completed', 'failed'];

/** What the bound reads of a referral: the reports it applied and its timeline's actions. */
export interface ReportHistory {
  referralId: string;
  appliedEventIds: readonly string[];
  timeline: readonly { action: string }[];
}

export interface ReportLimitRefusal {
  refused: true;
  type: typeof ERR_REPORT_LIMIT;
  message: string;
}

/**
 * Refuses a new report past the bounds above. For the validator only: a referral that took more reports before
 * the bound existed must replay, so the handler never asks (and a duplicate, answered without a change, is not a
 * new report: ask only when decideProviderReport says it would apply).
 */
export function providerReportLimitRefusal(r: ReportHistory, report: Pick<ProviderReportFacts, 'report'>): ReportLimitRefusal | undefined {
  if (ENDS_PROVISION.includes(report.report)) return undefined;
  const refuse = (message: string): ReportLimitRefusal => ({ refused: true, type: ERR_REPORT_LIMIT, message });
  if (report.report === 'changed') {
    const changes = r.timeline.filter((t) => t.action === CHANGE_REPORT_ACTION).length;
    if (changes >= MAX_CHANGE_REPORTS_PER_REFERRAL)
      return refuse(
        `referral ${r.referralId} has had ${changes} changes reported, the most one referral takes (${MAX_CHANGE_REPORTS_PER_REFERRAL}): ask the district to re-plan the service line`,
      );
  }
  if (r.appliedEventIds.length >= MAX_PROVIDER_REPORTS_PER_REFERRAL)
    return refuse(
      `referral ${r.referralId} has had ${r.appliedEventIds.length} reports, the most one referral takes (${MAX_PROVIDER_REPORTS_PER_REFERRAL}); only completed or failed is taken now`,
    );
  return undefined;
}

/**
 * A provider's report as the referral workflow takes it, from the Kafka bridge or the provider API: the
 * providerReport update's input (ProviderReportInput of workflows/referral/referral.messages.ts is its schema).
 */
export interface ProviderReportFacts {
  /** The id of the event that carried it: the same id is applied once. */
  eventId: string;
  providerId: string;
  report: ProviderReport;
  /** The request attempt answered, when the provider says: an answer to an older request is refused. */
  attempt?: number;
  declineReason?: DeclineReason;
  /** Coded change details (schedule, quantity); never free-text health notes. */
  change?: { quantity?: Quantity; period?: Period; code?: string };
  occurredAt: string;
}

export type ProviderReportDecision =
  | {
      refused: true;
      type: typeof ERR_ACTION_NOT_ALLOWED | typeof ERR_INVALID_INPUT | typeof ERR_REFERRAL_CLOSED | typeof ERR_WRONG_PROVIDER;
      message: string;
    }
  | { refused: false; duplicate: true }
  | { refused: false; duplicate: false; next: TaskStatus };

export function decideProviderReport(r: ReportedReferral, report: ProviderReportFacts): ProviderReportDecision {
  const refuse = (type: Extract<ProviderReportDecision, { refused: true }>['type'], message: string): ProviderReportDecision => ({
    refused: true,
    type,
    message,
  });
  if (r.appliedEventIds.includes(report.eventId)) return { refused: false, duplicate: true };
  if (!isOpenTaskStatus(r.status)) return refuse(ERR_REFERRAL_CLOSED, `referral ${r.referralId} is ${r.status}`);
  if (!r.providerId || report.providerId !== r.providerId)
    return refuse(ERR_WRONG_PROVIDER, `referral ${r.referralId} is not assigned to provider ${report.providerId}`);
  const current = r.attempts[r.attempts.length - 1];
  if (report.attempt !== undefined && current && report.attempt !== current.attempt) {
    return refuse(
      ERR_ACTION_NOT_ALLOWED,
      `the report answers attempt ${report.attempt}, but the current request is attempt ${current.attempt}`,
    );
  }
  if (report.report === 'rejected' && !report.declineReason) return refuse(ERR_INVALID_INPUT, 'a decline needs a coded declineReason');
  const transition = applyProviderReport(r.status, report.report);
  if (!transition.allowed) return refuse(ERR_ACTION_NOT_ALLOWED, transition.reason);
  return { refused: false, duplicate: false, next: transition.next };
}
