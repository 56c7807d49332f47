/**
 * A caseworker leaves (or is away): the district supervisor hands every open case they carry to another
 * caseworker (Rule Arts. 7-8: the dong's caseworker carries the case). Each case is its own audited
 * `reassignCase` update, with an update id made of the request's idempotency key, so a retried request applies
 * nothing twice: a case already moved answers as before, a case not yet reached is moved now. Shared by the
 * HTTP route (api/routes/supervisor-routes.ts) and the console.
 */
import type { FastifyRequest } from 'fastify';
import type { ReassignmentReason } from '../../domain/vocabulary';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems, toProblem } from '../problem';
import { CASE_ACTION_ROUTES } from '../routes/case-actions';
import { runCaseAction } from './cases';
import { districtOf } from './supervisor';

export interface CaseloadReassignment {
  fromCaseworkerId: string;
  toCaseworkerId: string;
  /** Cases now carried by the new caseworker (including those a previous attempt of this request moved). */
  reassigned: string[];
  /** Cases the step refused (the reason says why); nothing changed in them. */
  refused: { caseId: string; detail: string }[];
}

const reassignRoute = () => {
  const route = CASE_ACTION_ROUTES.find((r) => r.path === 'assignment');
  if (!route) throw new Error('the assignment case action is not registered (api/routes/case-actions.ts)');
  return route;
};

/** How many of the caseworker's cases one read of the listing store takes. */
const OPEN_CASES_CHUNK = 500;

/** The open cases of the supervisor's district that this caseworker carries, from the listing projection. */
async function openCasesOf(ctx: ApiContext, district: string, caseworkerId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += OPEN_CASES_CHUNK) {
    const rows = await ctx.listings.cases({
      districts: [district],
      assignedCaseworkerId: caseworkerId,
      notStatus: 'closed',
      offset,
      limit: OPEN_CASES_CHUNK,
    });
    ids.push(...rows.map((c) => c.caseId));
    if (rows.length < OPEN_CASES_CHUNK) return [...new Set(ids)].sort();
  }
}

export async function reassignCaseload(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  o: { fromCaseworkerId: string; toCaseworkerId: string; reason: ReassignmentReason; idempotencyKey: string },
): Promise<CaseloadReassignment> {
  const district = districtOf(p);
  if (o.fromCaseworkerId === o.toCaseworkerId) throw problems.invalid('a caseload is reassigned to another caseworker', []);
  const action = reassignRoute();
  const result: CaseloadReassignment = {
    fromCaseworkerId: o.fromCaseworkerId,
    toCaseworkerId: o.toCaseworkerId,
    reassigned: [],
    refused: [],
  };
  for (const caseId of await openCasesOf(ctx, district, o.fromCaseworkerId)) {
    try {
      await runCaseAction(ctx, p, req, {
        caseId,
        action,
        body: { toCaseworkerId: o.toCaseworkerId, reason: o.reason },
        idempotencyKey: `caseload:${o.fromCaseworkerId}:${o.idempotencyKey}`,
      });
      result.reassigned.push(caseId);
    } catch (err) {
      // A refusal (409, 403) leaves that case as it was and the others go on; anything else stops the request,
      // which a retry with the same key resumes.
      const problem = toProblem(err);
      if (problem.status !== 409 && problem.status !== 403) throw err;
      result.refused.push({ caseId, detail: problem.detail ?? problem.title });
    }
  }
  req.log.info({ district, from: o.fromCaseworkerId, to: o.toCaseworkerId, ...counts(result) }, 'caseload reassigned');
  return result;
}

const counts = (r: CaseloadReassignment) => ({ reassigned: r.reassigned.length, refused: r.refused.length });
