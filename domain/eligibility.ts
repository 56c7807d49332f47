/**
 * Eligibility for integrated support (Enforcement Decree Art. 2). All three must hold:
 *   1. difficulty in daily life caused by frailty, disability, illness or accident;
 *   2. a need for support across several (two or more) care domains;
 *   3. one route: aged 65+; a registered severe disability recognised by the Ministry; or another
 *      vulnerable person the city/district recognises after consulting the Ministry.
 * A decision carries its reasons, each with a stable code for events and reports and an English text for
 * people. Pure: the caller supplies "today" (asOf).
 */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';
import { CareDomain, DifficultyCause, EligibilityRoute, CARE_DOMAINS } from './codes';
import { ageInYears, isIsoDate } from './seoul-date';

export const ELIGIBILITY_AGE = 65;
/** "Several" domains, read as two or more: one domain alone is ordinary single-service welfare. */
export const MIN_NEED_DOMAINS = 2;

export type EligibilityInput = z.input<typeof EligibilityInput>;

export const ELIGIBILITY_REASON_CODES = [
  // condition 1
  'DIFFICULTY_PRESENT',
  'NO_DIFFICULTY',
  // condition 2
  'MULTI_DOMAIN_NEED',
  'SINGLE_DOMAIN_NEED',
  'NO_DOMAIN_NEED',
  // condition 3: routes met
  'ROUTE_AGE_65',
  'ROUTE_SEVERE_DISABILITY',
  'ROUTE_DISTRICT_RECOGNISED',
  // condition 3: no route, and why each route fails
  'NO_ROUTE',
  'UNDER_65',
  'NO_SEVERE_DISABILITY',
  'DISTRICT_NOT_RECOGNISED',
  'DISTRICT_NOT_CONSULTED',
] as const;
export type EligibilityReasonCode = z.infer<typeof EligibilityReasonCode>;

export interface EligibilityReason {
  code: EligibilityReasonCode;
  text: string;
  /** Whether this reason reports a condition met (true) or failed (false). */
  met: boolean;
}

export interface EligibilityDecision {
  eligible: boolean;
  routes: EligibilityRoute[];
  /** Age used for the decision, in completed years. */
  ageYears: number;
  /** Distinct need domains, in catalogue order. */
  needDomains: CareDomain[];
  reasons: EligibilityReason[];
}

export function decideEligibility(raw: EligibilityInput): EligibilityDecision {
  const parsed = EligibilityInput.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `eligibility input invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`,
    );
  }
  const input = parsed.data;
  const age = input.ageYears ?? ageInYears(input.birthDate!, input.asOf!);
  const reasons: EligibilityReason[] = [];
  const reason = (code: EligibilityReasonCode, met: boolean, text: string) => reasons.push({ code, met, text });

  // 1. Difficulty in daily life.
  const causes = [...new Set(input.difficultyCauses)];
  const hasDifficulty = causes.length > 0;
  if (hasDifficulty) reason('DIFFICULTY_PRESENT', true, `Difficulty in daily life from ${causes.join(', ')}.`);
  else reason('NO_DIFFICULTY', false, 'No difficulty in daily life from frailty, disability, illness or accident.');

  // 2. Need across several domains.
  const domains = CARE_DOMAINS.filter((d) => input.needDomains.includes(d));
  const multiDomain = domains.length >= MIN_NEED_DOMAINS;
  if (multiDomain) reason('MULTI_DOMAIN_NEED', true, `Support needed across ${domains.length} domains: ${domains.join(', ')}.`);
  else if (domains.length === 1)
    reason('SINGLE_DOMAIN_NEED', false, `Support needed in one domain only (${domains[0]}); integrated support needs two or more.`);
  else reason('NO_DOMAIN_NEED', false, 'No care domain with a support need.');

  // 3. One route.
  const routes: EligibilityRoute[] = [];
  const district = input.districtRecognised;
  if (age >= ELIGIBILITY_AGE) routes.push('aged65Plus');
  if (input.severeDisabilityRecognised) routes.push('severeDisability');
  if (district?.recognised && district.ministryConsulted) routes.push('districtRecognised');
  if (routes.includes('aged65Plus')) reason('ROUTE_AGE_65', true, `Aged ${age}, 65 or over.`);
  if (routes.includes('severeDisability'))
    reason('ROUTE_SEVERE_DISABILITY', true, 'Registered severe disability recognised by the Ministry.');
  if (routes.includes('districtRecognised'))
    reason('ROUTE_DISTRICT_RECOGNISED', true, 'Recognised as vulnerable by the city/district after consulting the Ministry.');
  if (routes.length === 0) {
    reason('NO_ROUTE', false, 'None of the routes of Decree Art. 2 applies.');
    reason('UNDER_65', false, `Aged ${age}, under 65.`);
    reason('NO_SEVERE_DISABILITY', false, 'No severe disability recognised by the Ministry.');
    if (district?.recognised) {
      reason('DISTRICT_NOT_CONSULTED', false, 'Recognised by the city/district, but the Ministry has not been consulted yet.');
    } else {
      reason('DISTRICT_NOT_RECOGNISED', false, 'Not recognised as vulnerable by the city/district.');
    }
  }

  return {
    eligible: hasDifficulty && multiDomain && routes.length > 0,
    routes,
    ageYears: age,
    needDomains: domains,
    reasons,
  };
}

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { EligibilityInput, EligibilityReasonCode } = sharedInWorkflows('domain/eligibility', (z) => {
  const IsoDate = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');
  const EligibilityInput = z
    .object({
      ageYears: z.int().min(0).max(130).optional(),
      birthDate: IsoDate.optional(),
      asOf: IsoDate.optional(),
      severeDisabilityRecognised: z.boolean(),
      districtRecognised: z.object({ recognised: z.boolean(), ministryConsulted: z.boolean() }).optional(),
      difficultyCauses: z.array(DifficultyCause),
      needDomains: z.array(CareDomain),
    })
    .strict()
    .refine((i) => (i.ageYears !== undefined) !== (i.birthDate !== undefined && i.asOf !== undefined), {
      message: 'give either ageYears, or birthDate together with asOf (not both)',
    })
    .refine((i) => (i.birthDate === undefined) === (i.asOf === undefined), {
      message: 'birthDate and asOf go together',
    });
  const EligibilityReasonCode = z.enum(ELIGIBILITY_REASON_CODES);
  return { EligibilityInput, EligibilityReasonCode };
});
