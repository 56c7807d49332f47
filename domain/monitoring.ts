/**
 * When monitoring checks (점검, Enforcement Rule Art. 10) fall due: the first within
 * firstMonitoringWithinMonths of the first approved plan, then every monitoringIntervalMonths.
 * Due dates are Seoul calendar dates; months are added as the Civil Act counts them (same day of the
 * month, clamped to the month's end). They are not moved off weekends or holidays: a due date is the last
 * day allowed, and overdue grace (deadlines.ts) is where business days come in.
 * Each due date is counted from the previous one (or, in nextMonitoringDue, from the check actually done),
 * never from the approval date, so the gap between two checks never exceeds the interval even when a
 * month-end clamp shortened an earlier step.
 */
import type { Policy } from './policy';
import { addMonths, seoulDateOf, toInstant } from './seoul-date';

type MonitoringPolicy = Pick<Policy, 'firstMonitoringWithinMonths' | 'monitoringIntervalMonths'>;

/** The first `count` due dates for a case whose first plan was approved at the given instant. */
export function monitoringSchedule(firstPlanApprovedAt: string | Date, policy: MonitoringPolicy, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number >= 0, got ${count}`);
  const dues: string[] = [];
  let due = addMonths(seoulDateOf(firstPlanApprovedAt), policy.firstMonitoringWithinMonths);
  for (let i = 0; i < count; i++) {
    dues.push(due);
    due = addMonths(due, policy.monitoringIntervalMonths);
  }
  return dues;
}

export interface NextMonitoringInput {
  firstPlanApprovedAt: string | Date;
  /** When the latest check was actually done; absent before the first check. */
  lastMonitoredAt?: string | Date;
  policy: MonitoringPolicy;
}

/** The next due date: the first check's, or the interval after the latest check done. */
export function nextMonitoringDue({ firstPlanApprovedAt, lastMonitoredAt, policy }: NextMonitoringInput): string {
  if (lastMonitoredAt === undefined) return monitoringSchedule(firstPlanApprovedAt, policy, 1)[0]!;
  if (toInstant(lastMonitoredAt).getTime() < toInstant(firstPlanApprovedAt).getTime()) {
    throw new Error('lastMonitoredAt is before firstPlanApprovedAt');
  }
  return addMonths(seoulDateOf(lastMonitoredAt), policy.monitoringIntervalMonths);
}
