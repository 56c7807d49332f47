/**
 * Operating policy and business-day deadlines. The Korean holiday calendar is deterministic but large, so it
 * runs here (as local activities) rather than inside every workflow bundle; the result is recorded in history.
 */
import { addBusinessDays } from '../domain/calendar';
import { resolvePolicy, type Policy, type PolicyOverrides } from '../domain/policy';

export interface BusinessDeadlineInput {
  from: string;
  businessDays: number;
  extraHolidays?: string[];
}

export function createCalendarActivities({ policyOverrides }: { policyOverrides: PolicyOverrides }) {
  return {
    async resolveDistrictPolicy(districtCode: string): Promise<Policy> {
      return resolvePolicy(districtCode, policyOverrides);
    },
    async businessDeadline(input: BusinessDeadlineInput): Promise<string> {
      return addBusinessDays(input.from, input.businessDays, { extraHolidays: input.extraHolidays ?? [] }).toISOString();
    },
  };
}
