/**
 * When a monitoring check (점검, Enforcement Rule Art. 10) may be dated. Rule Art. 10 counts the checks from
 * the first approved plan, and the next due date is counted from the check actually done (domain/monitoring.ts
 * nextMonitoringDue), so a visit's date must be one that could have happened:
 * - not in the future: a future date would push the next legal due date past the law's limit;
 * - not before the first plan was approved: nothing was being monitored then, and nextMonitoringDue refuses
 *   such a date by throwing, which in the case workflow failed the workflow task again and again (a stuck case);
 * - not before the latest recorded visit: the next due date is counted from the latest visit.
 * Refused in domain/case/steps.ts recordMonitoring (for cases under the law-duties flag).
 */
import type { CaseState } from './case-state';

/** Why a visit at `visitedAt` cannot be recorded on the case now, or undefined when it can. */
export function monitoringVisitDateRefusal(state: CaseState, visitedAt: string, now: string): string | undefined {
  const at = Date.parse(visitedAt);
  if (at > Date.parse(now)) return `a monitoring visit cannot be dated in the future (${visitedAt} is after ${now})`;
  if (state.firstPlanApprovedAt && at < Date.parse(state.firstPlanApprovedAt))
    return `a monitoring visit cannot be dated before the plan's approval (${visitedAt} is before ${state.firstPlanApprovedAt}; Rule Art. 10)`;
  const last = state.monitoring.visits.at(-1);
  if (last && at < Date.parse(last.at)) return `a monitoring visit cannot be dated before the latest recorded visit (${last.at})`;
  return undefined;
}
