/** Where the API gets a case's state: one home for every service that reads it. */
import type { CaseState } from '../../domain/case/case-state';
import { caseStateQuery } from '../../workflows/case/case.messages';
import type { ApiContext } from '../context';
import { withinDeadline } from './temporal-calls';

/**
 * From the read model when it may serve the case (api/case-read-model.ts), else by the case workflow's query.
 * `minSeq`: the timeline entry the caller must see (the `seq` an action answered with).
 */
export async function caseState(ctx: ApiContext, caseId: string, minSeq?: number): Promise<CaseState> {
  const held = await ctx.caseEvents?.readModel.read(caseId, minSeq);
  return held ?? withinDeadline(ctx.client, ctx.workerTimeoutMs, () => ctx.runs.query(caseId, (h) => h.query(caseStateQuery)));
}
