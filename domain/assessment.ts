/**
 * The comprehensive assessment result (종합판정) as it comes back from NHIS or another designated agency:
 * a medical-support need level, a daily-care need level, and the domains the assessor flagged. The
 * support plan works in care domains, so assessmentNeedDomains turns the two levels into domains too.
 */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';
import { CARE_DOMAINS, CareDomain } from './codes';
import { isIsoDate } from './seoul-date';

export const NEED_LEVELS = ['none', 'low', 'moderate', 'high'] as const;
export type NeedLevel = z.infer<typeof NeedLevel>;

export type AssessmentResult = z.infer<typeof AssessmentResult>;

const rank = (level: NeedLevel) => NEED_LEVELS.indexOf(level);

/**
 * Domains implied by an assessment, in catalogue order, without duplicates:
 * - medical need moderate/high -> medical (clinical services: home visits, nursing);
 *   low -> health (prevention and management: visiting health, chronic disease);
 * - daily-care need low+ -> dailyCare; high -> also longTermCare (LTC-grade level of dependence);
 * - plus whatever the assessor flagged in needDomains.
 */
export function assessmentNeedDomains(result: AssessmentResult): CareDomain[] {
  const parsed = AssessmentResult.parse(result);
  const domains = new Set<CareDomain>(parsed.needDomains);
  if (rank(parsed.medicalSupportNeed) >= rank('moderate')) domains.add('medical');
  else if (parsed.medicalSupportNeed === 'low') domains.add('health');
  if (rank(parsed.dailyCareNeed) >= rank('low')) domains.add('dailyCare');
  if (parsed.dailyCareNeed === 'high') domains.add('longTermCare');
  return CARE_DOMAINS.filter((d) => domains.has(d));
}

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { NeedLevel, AssessmentResult } = sharedInWorkflows('domain/assessment', (z) => {
  const NeedLevel = z.enum(NEED_LEVELS);
  const AssessmentResult = z
    .object({
      medicalSupportNeed: NeedLevel,
      dailyCareNeed: NeedLevel,
      /** Domains the assessor flagged explicitly (e.g. housing, which neither level captures). */
      needDomains: z.array(CareDomain),
      assessedOn: z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD').optional(),
      /** Assessing agency, e.g. 'NHIS'. */
      assessor: z.string().min(1).optional(),
    })
    .strict();
  return { NeedLevel, AssessmentResult };
});
