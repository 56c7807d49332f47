/**
 * The dong's pre-survey screen (사전조사): a short ADL check deciding whether to request the full
 * comprehensive assessment (종합판정) from NHIS. Seven Katz/K-ADL-like items, each scored
 * 0 = independent, 1 = needs some help, 2 = dependent (total 0..14).
 *
 * Decision (documented threshold; a screen should over-refer, since the assessment is the real test):
 *   - any item dependent (2)                                       -> request (ADL_DEPENDENT_ITEM)
 *   - total >= PRE_SURVEY_ADL_THRESHOLD (3)                        -> request (ADL_SCORE_AT_THRESHOLD)
 *   - total >= 1 with a risk flag (recent discharge, lives alone) -> request (ADL_HELP_WITH_RISK)
 *   - cognitive concern, whatever the ADL score                   -> request (COGNITIVE_CONCERN),
 *     because early dementia often shows before ADL loss and the full assessment covers cognition
 *   - otherwise                                                    -> no request (BELOW_THRESHOLD)
 * Why 3: "some help" with three basic activities, or dependence in one, is the usual point where
 * home-care needs appear; one or two "some help" items alone are common and rarely need a package.
 */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';

export const ADL_ITEMS = ['bathing', 'dressing', 'eating', 'toileting', 'transferring', 'continence', 'grooming'] as const;
export type AdlItem = z.infer<typeof AdlItem>;

export type AdlScore = z.infer<typeof AdlScore>;

export const PRE_SURVEY_ADL_THRESHOLD = 3;

export type PreSurveyInput = z.infer<typeof PreSurveyInput>;

export const PRE_SURVEY_REASON_CODES = [
  'ADL_DEPENDENT_ITEM',
  'ADL_SCORE_AT_THRESHOLD',
  'ADL_HELP_WITH_RISK',
  'COGNITIVE_CONCERN',
  'BELOW_THRESHOLD',
] as const;
export type PreSurveyReasonCode = (typeof PRE_SURVEY_REASON_CODES)[number];

export interface PreSurveyScreen {
  requestFullAssessment: boolean;
  /** Sum of the seven items, 0..14. */
  score: number;
  reasons: { code: PreSurveyReasonCode; text: string }[];
}

export function screenPreSurvey(raw: PreSurveyInput): PreSurveyScreen {
  const parsed = PreSurveyInput.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`pre-survey input invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const input = parsed.data;
  const score = ADL_ITEMS.reduce((sum, item) => sum + input.adl[item], 0);
  const reasons: PreSurveyScreen['reasons'] = [];
  const dependent = ADL_ITEMS.filter((item) => input.adl[item] === 2);
  if (dependent.length > 0) reasons.push({ code: 'ADL_DEPENDENT_ITEM', text: `Dependent in: ${dependent.join(', ')}.` });
  if (score >= PRE_SURVEY_ADL_THRESHOLD) {
    reasons.push({ code: 'ADL_SCORE_AT_THRESHOLD', text: `ADL score ${score} >= ${PRE_SURVEY_ADL_THRESHOLD}.` });
  }
  const risks = [input.recentDischarge && 'recent discharge', input.livesAlone && 'lives alone'].filter(Boolean);
  if (score >= 1 && score < PRE_SURVEY_ADL_THRESHOLD && risks.length > 0) {
    reasons.push({ code: 'ADL_HELP_WITH_RISK', text: `ADL score ${score} with risk: ${risks.join(', ')}.` });
  }
  if (input.cognitiveConcern) reasons.push({ code: 'COGNITIVE_CONCERN', text: 'Cognitive concern reported.' });
  if (reasons.length === 0) {
    reasons.push({ code: 'BELOW_THRESHOLD', text: `ADL score ${score} below ${PRE_SURVEY_ADL_THRESHOLD}, no risk flag.` });
  }
  return { requestFullAssessment: reasons[0]!.code !== 'BELOW_THRESHOLD', score, reasons };
}

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { AdlItem, AdlScore, PreSurveyInput } = sharedInWorkflows('domain/pre-survey', (z) => {
  const AdlItem = z.enum(ADL_ITEMS);
  const AdlScore = z.union([z.literal(0), z.literal(1), z.literal(2)]);
  const PreSurveyInput = z
    .object({
      adl: z
        .object(Object.fromEntries(ADL_ITEMS.map((i) => [i, AdlScore])) as Record<(typeof ADL_ITEMS)[number], typeof AdlScore>)
        .strict(),
      recentDischarge: z.boolean().optional(),
      livesAlone: z.boolean().optional(),
      cognitiveConcern: z.boolean().optional(),
    })
    .strict();
  return { AdlItem, AdlScore, PreSurveyInput };
});
