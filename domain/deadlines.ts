/**
 * Operating deadlines: a district policy's business-day rules applied on the Korean business calendar.
 * Kept apart from policy.ts so the policy stays plain data and the calendar conventions stay in one place
 * (calendar.ts: the nth business day after, at 18:00 Seoul).
 */
import { addBusinessDays } from './calendar';
import type { Policy } from './policy';

/** When a provider's accept/decline answer to a referral sent at `referredAt` is due. */
export function providerDecisionDeadline(referredAt: string | Date, policy: Policy): Date {
  return addBusinessDays(referredAt, policy.providerDecisionBusinessDays, { extraHolidays: policy.extraHolidays });
}

/**
 * When a monitoring check due on `dueDate` (a Seoul date) becomes overdue: the end of the grace period,
 * i.e. closing time of the overdueGraceBusinessDays-th business day after it (grace 0: closing time of the
 * due date, or of the next business day when the due date is a day off).
 */
export function monitoringOverdueAt(dueDate: string, policy: Policy): Date {
  return addBusinessDays(dueDate, policy.overdueGraceBusinessDays, { extraHolidays: policy.extraHolidays });
}
