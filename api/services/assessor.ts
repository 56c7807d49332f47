/**
 * The assessor's worklist (NHIS or another designated agency, Decree Art. 5): cases of its districts awaiting a
 * comprehensive assessment, earliest deadline first. The assessor answers with the case's `assessment` action
 * (api/routes/case-actions.ts), under its own token and area, as a provider answers its referrals.
 */
import type { ApiContext } from '../context';
import type { Principal } from '../auth/principal';
import { problems } from '../problem';
import { withinDeadline } from './temporal-calls';
import { attr, listPage, q, type Page } from '../visibility';

export interface AssessmentRequestItem {
  caseId: string;
  district: unknown;
  dong: unknown;
  /** The assessor's deadline (or an earlier one of the case), from the case's search attributes. */
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
  const query = [`DolbomKind = 'case'`, `District IN (${p.districts.map(q).join(', ')})`, `CaseStatus = 'awaitingAssessment'`].join(
    ' AND ',
  );
  const page_ = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () =>
    listPage(ctx.client, query, page, pageSize, (w) => ({
      caseId: w.workflowId,
      district: attr(w, 'District'),
      dong: attr(w, 'Dong'),
      nextDeadline: (attr(w, 'NextDeadline') as string | undefined) ?? null,
      escalationOpen: (attr(w, 'EscalationOpen') as boolean | undefined) ?? false,
    })),
  );
  const deadline = (i: AssessmentRequestItem) => (i.nextDeadline ? Date.parse(i.nextDeadline) : Infinity);
  return { ...page_, items: [...page_.items].sort((a, b) => deadline(a) - deadline(b)) };
}
