/**
 * Operating policy and business-day deadlines. The Korean holiday calendar is deterministic but large, so it
 * runs here (as local activities) rather than inside every workflow bundle; the result is recorded in history.
 */
import { addBusinessDays } from '../domain/calendar';
import { decisionBusinessDays, resolvePolicy, type Policy, type PolicyOverrides } from '../domain/policy';

export interface BusinessDeadlineInput {
  from: string;
  businessDays: number;
  extraHolidays?: string[];
}

/** A provider's decision deadline, from the district's policy as it stands when the deadline is computed. */
export interface DecisionDeadlineInput {
  from: string;
  districtCode: string;
  urgent: boolean;
}

/**
 * `policyOverrides` is read on every call, not copied: a temporary holiday (임시공휴일) or a changed decision
 * window in force when a deadline is computed applies to it, whenever the case or referral started.
 */
export function createCalendarActivities({ policyOverrides }: { policyOverrides: PolicyOverrides }) {
  return {
    async resolveDistrictPolicy(districtCode: string): Promise<Policy> {
      return resolvePolicy(districtCode, policyOverrides);
    },
    /** The referral's decision deadline: the district's window (urgent or not) and holidays now in force. */
    async decisionDeadline({ from, districtCode, urgent }: DecisionDeadlineInput): Promise<string> {
      const policy = resolvePolicy(districtCode, policyOverrides);
      return addBusinessDays(from, decisionBusinessDays(policy, urgent), { extraHolidays: policy.extraHolidays }).toISOString();
    },
    async businessDeadline(input: BusinessDeadlineInput): Promise<string> {
      return addBusinessDays(input.from, input.businessDays, { extraHolidays: input.extraHolidays ?? [] }).toISOString();
    },
  };
}
