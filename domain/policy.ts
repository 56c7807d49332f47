/**
 * Per-district operating policy. No statute sets deadlines for the eligibility decision or a provider's
 * answer, so they are operating rules each district (자치구) may set; the city-wide defaults below apply
 * otherwise. Only monitoring is bounded by law (Enforcement Rule Art. 10): the first check within 3
 * months of the first plan, then at an interval of at most 6 months, so the schema refuses anything longer.
 */
import { z } from 'zod';
import { isDistrictCode } from './areas/areas';
import { DEFAULT_POLICY } from './policy-defaults';
import { isIsoDate } from './seoul-date';

export const PolicySchema = z
  .object({
    /** Business days a provider has to accept or decline a referral before it counts as stalled. */
    providerDecisionBusinessDays: z.int().min(1, 'must be at least 1').max(30, 'must be at most 30'),
    /** Providers tried in turn for one service line before escalating to the district supervisor. */
    maxProvidersBeforeEscalation: z.int().min(1, 'must be at least 1').max(20, 'must be at most 20'),
    /** Months between monitoring checks: 1..6 (Rule Art. 10: at most 6). */
    monitoringIntervalMonths: z.int().min(1, 'must be at least 1').max(6, 'must be at most 6 months (Rule Art. 10)'),
    /** Months from the first approved plan to the first check: 1..3 (Rule Art. 10: within 3). */
    firstMonitoringWithinMonths: z.int().min(1, 'must be at least 1').max(3, 'must be at most 3 months (Rule Art. 10)'),
    /** Business days after a due date before a check counts as overdue (lists, digests, escalation). */
    overdueGraceBusinessDays: z.int().min(0, 'must be at least 0').max(20, 'must be at most 20'),
    /** Business days the assessor (NHIS or another designated agency) has to return a comprehensive assessment (Decree Art. 5). */
    assessmentBusinessDays: z.int().min(1, 'must be at least 1').max(60, 'must be at most 60'),
    /** Months between periodic re-assessments (Act Art. 12(2)). */
    reassessmentIntervalMonths: z.int().min(1, 'must be at least 1').max(36, 'must be at most 36'),
    /** Days before a monitoring check falls due that the caseworker is reminded (Rule Art. 10). */
    monitoringReminderDays: z.int().min(0, 'must be at least 0').max(60, 'must be at most 60'),
    /**
     * Business days a provider has to decide on an urgent referral (the 돌봄SOS-like path; an operating rule, no
     * statute sets it): 0 = by closing time today, or of the next business day when today is none (domain/calendar.ts).
     */
    urgentDecisionBusinessDays: z.int().min(0, 'must be at least 0').max(30, 'must be at most 30'),
    /**
     * Temporary holidays (임시공휴일, Regulation on Holidays of Government Offices Art. 2 item 11) declared by the
     * government, as ISO dates; election days by law are in the calendar already (domain/election-days.ts).
     * Read when a referral's deadline is computed (activities/calendar.ts), so a holiday declared later
     * reaches open cases.
     */
    extraHolidays: z.array(z.string().refine(isIsoDate, 'must be ISO dates YYYY-MM-DD')),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;

/** Key of an override that applies to every district (e.g. a nationwide 임시공휴일). */
export const ALL_DISTRICTS = '*';

export type PolicyOverrides = Readonly<Record<string, Partial<Policy>>>;

/**
 * The policy in force for a district: defaults, then the '*' override, then the district's own.
 * extraHolidays accumulate (a city-wide holiday stays when a district adds its own); other fields replace.
 * Throws an error naming the district and the field on any invalid value, unknown field or unknown
 * district code, because a mistyped configuration must stop the worker at start-up.
 */
export function resolvePolicy(districtCode: string, overrides: PolicyOverrides = {}): Policy {
  if (!isDistrictCode(districtCode)) throw new Error(`policy: unknown district code '${districtCode}'`);
  for (const key of Object.keys(overrides)) {
    if (key !== ALL_DISTRICTS && !isDistrictCode(key)) throw new Error(`policy overrides: unknown district code '${key}'`);
  }
  const layers = [overrides[ALL_DISTRICTS] ?? {}, overrides[districtCode] ?? {}];
  const merged: Record<string, unknown> = { ...DEFAULT_POLICY };
  const holidays = new Set<unknown>();
  for (const layer of layers) {
    Object.assign(merged, layer);
    if (Array.isArray(layer.extraHolidays)) layer.extraHolidays.forEach((d) => holidays.add(d));
    else if (layer.extraHolidays !== undefined) holidays.add(layer.extraHolidays); // let the schema complain
  }
  merged.extraHolidays = Array.isArray(merged.extraHolidays) ? [...holidays].sort() : merged.extraHolidays;
  const parsed = PolicySchema.safeParse(merged);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => (i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : `${i.path.join('.')}: ${i.message}`))
      .join('; ');
    throw new Error(`policy for district ${districtCode} invalid: ${detail}`);
  }
  return parsed.data;
}

/** The business days a provider has to decide on a referral: the urgent window for an urgent one. */
export const decisionBusinessDays = (policy: Policy, urgent: boolean): number =>
  urgent ? policy.urgentDecisionBusinessDays : policy.providerDecisionBusinessDays;
