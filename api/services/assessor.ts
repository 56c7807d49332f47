/**
 * The assessor's worklist (NHIS or another designated agency, Decree Art. 5): cases of its districts awaiting a
 * comprehensive assessment, earliest deadline first. The assessor answers with the case's `assessment` action
 * (api/routes/case-actions.ts), under its own token and area, as a provider answers its referrals.
 */
import type { ApiContext } from '../context';
import type { Principal } from '../auth/principal';
import { problems } from '../problem';
import { pageOf, pageWindow, type Page } from '../page';

export interface AssessmentRequestItem {
  caseId: string;
  district: unknown;
  dong: unknown;
  /** The assessor's deadline (or an earlier one of the case), from the case's listing. */
  nextDeadline: string | null;
  escalationOpen: boolean;
}

export async function assessmentWorklist(
  ctx: ApiContext,
  p: Principal,
  page: number,
  pageSize: number,
): Promise<Page<AssessmentRequestItem>> {
  if (p.role !== 'assessor') throw problems.forbidden('the assessment worklist is the assessor’s');
  // Paged newest first, as the list always was; each page shows its cases earliest deadline first.
  const rows = await ctx.listings.cases({ districts: p.districts, status: 'awaitingAssessment', ...pageWindow(page, pageSize) });
  const page_ = pageOf(rows, page, pageSize, (c) => ({
    caseId: c.caseId,
    district: c.districtCode,
    dong: c.dongCode,
    nextDeadline: c.nextDeadline,
    escalationOpen: c.escalationOpen,
  }));
  const deadline = (i: AssessmentRequestItem) => (i.nextDeadline ? Date.parse(i.nextDeadline) : Infinity);
  return { ...page_, items: [...page_.items].sort((a, b) => deadline(a) - deadline(b)) };
}
