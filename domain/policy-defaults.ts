/**
 * The city-wide default policy, apart from the schema and the district checks in ./policy.ts: workflow code
 * needs only these values, and importing ./policy would load the areas table into every workflow.
 */
import type { Policy } from './policy';

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  providerDecisionBusinessDays: 3,
  maxProvidersBeforeEscalation: 3,
  monitoringIntervalMonths: 6,
  firstMonitoringWithinMonths: 3,
  overdueGraceBusinessDays: 2,
  urgentDecisionBusinessDays: 0,
  assessmentBusinessDays: 10,
  reassessmentIntervalMonths: 12,
  monitoringReminderDays: 14,
  extraHolidays: Object.freeze([]) as unknown as string[],
});
