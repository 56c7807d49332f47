/**
 * A case as the console's case page shows it: the API's audited, scoped `viewCase`, with each referral's
 * current attempt (how many providers have been asked) read from its referral workflow. A referral that does
 * not answer right now is shown without its attempt, never dropped.
 */
import type { FastifyRequest } from 'fastify';
import { referralStateQuery } from '../../workflows/referral/referral.messages';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { viewCase } from './cases';
import { withinDeadline } from './temporal-calls';

export async function viewCaseWithAttempts(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string, minSeq?: number) {
  const state = await viewCase(ctx, p, req, caseId, minSeq);
  const attempts = Object.fromEntries(
    await Promise.all(
      Object.keys(state.referrals).map(async (id) => {
        const r = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () => ctx.runs.query(id, (h) => h.query(referralStateQuery))).catch(
          () => undefined,
        );
        return [id, r ? r.attempts.length : null] as const;
      }),
    ),
  );
  return { state, attempts };
}
