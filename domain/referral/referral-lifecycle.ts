/**
 * The referral lifecycle in the HL7 FHIR Task vocabulary (the Gravity Project's closed-loop referral guide).
 * The requester drafts, requests and cancels; the provider receives, accepts, rejects, starts, holds,
 * completes and fails. This module says which provider report is allowed from which status.
 */
import type { TaskStatus } from '../codes';

/** What a provider may report about a referral assigned to it. */
export const PROVIDER_REPORTS = ['received', 'accepted', 'rejected', 'in-progress', 'on-hold', 'changed', 'completed', 'failed'] as const;
export type ProviderReport = (typeof PROVIDER_REPORTS)[number];

/** Statuses in which the referral is finished: nothing a provider says changes it any more. */
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'cancelled', 'failed', 'rejected', 'entered-in-error'];

const ALLOWED_FROM: Readonly<Record<ProviderReport, readonly TaskStatus[]>> = {
  received: ['requested'],
  accepted: ['requested', 'received'],
  rejected: ['requested', 'received'],
  'in-progress': ['accepted', 'on-hold'],
  'on-hold': ['accepted', 'in-progress'],
  // A change (frequency, schedule, provider staff) is reported while the service is agreed or running.
  changed: ['accepted', 'in-progress', 'on-hold'],
  completed: ['accepted', 'in-progress', 'on-hold'],
  failed: ['accepted', 'in-progress', 'on-hold'],
};

export type ReportDecision = { allowed: true; next: TaskStatus } | { allowed: false; reason: string };

/** Applies a provider report to the current status: the next status, or why it is refused. */
export function applyProviderReport(status: TaskStatus, report: ProviderReport): ReportDecision {
  if (TERMINAL_TASK_STATUSES.includes(status)) {
    return { allowed: false, reason: `the referral is already ${status}` };
  }
  if (!ALLOWED_FROM[report].includes(status)) {
    return { allowed: false, reason: `a provider cannot report ${report} while the referral is ${status}` };
  }
  return { allowed: true, next: report === 'changed' ? status : report };
}

/** The statuses in which a provider's decision is awaited: a decision deadline counts only then (docs/events.md). */
export const AWAITING_DECISION_STATUSES: readonly TaskStatus[] = ['requested', 'received'];

export function isAwaitingDecision(status: TaskStatus): boolean {
  return AWAITING_DECISION_STATUSES.includes(status);
}

export function isOpenTaskStatus(status: TaskStatus): boolean {
  return !TERMINAL_TASK_STATUSES.includes(status);
}
