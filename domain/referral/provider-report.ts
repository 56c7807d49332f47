/**
 * A provider's report on its referral (docs/events.md; FHIR Task transitions in referral-lifecycle.ts), as one
 * pure step the referral workflow's validator and handler share: a duplicate (its event id was applied) is
 * answered, not refused; a report on a finished referral, from a provider it is not assigned to, answering an
 * older request, a decline without its coded reason, or a transition the lifecycle forbids is refused with the
 * failure type the bridge turns into a dead-letter reason (events/schemas/dead-letter.ts).
 */
import type { DeclineReason, TaskStatus } from '../codes';
import { ERR_ACTION_NOT_ALLOWED, ERR_INVALID_INPUT, ERR_REFERRAL_CLOSED, ERR_WRONG_PROVIDER } from '../failures';
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
