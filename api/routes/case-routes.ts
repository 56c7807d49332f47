/**
 * Caseworker routes (and the case actions supervisors and assessors take): intake, each step of the process,
 * a case's state, and the dong's caseload. Scope is checked against the case's area before anything is read
 * or changed (reads here, actions in the case workflow's update validators); every read is audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { districtOfDong, isDongCode } from '../../domain/areas/areas';
import { caseStateQuery, caseWorkflowId, Application, PersonalDetails, type CaseState } from '../../workflows/case/case.messages';
import { canAccessCase, outOfScopeMessage } from '../../domain/access';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { attr, listPage, q } from '../visibility';
import { CASE_ACTION_ROUTES } from './case-actions';

const CaseId = z.string().regex(/^case-[a-z0-9-]{8,64}$/, 'a case id looks like case-<pseudonymous id>');
const IntakeBody = z.strictObject({
  dongCode: z.string().refine(isDongCode, 'unknown dong code'),
  application: Application,
  personal: PersonalDetails,
});
const ActionResult = z.looseObject({ status: z.string(), seq: z.number() });

/** What a caller sees of a case: personal details only for the dong's caseworker, and the RRN masked. */
export function caseView(state: CaseState, p: Principal) {
  const { personal, ...rest } = state;
  if (p.role !== 'caseworker') return rest;
  return { ...rest, personal: { ...personal, rrn: `${personal.rrn.slice(0, 6)}-*******` } };
}

export async function loadCaseInScope(ctx: ApiContext, p: Principal, caseId: string): Promise<CaseState> {
  const state = await ctx.client.workflow.getHandle(caseId).query(caseStateQuery);
  if (!canAccessCase(p, state)) throw problems.forbidden(outOfScopeMessage(caseId, p));
  return state;
}

export const caseRoutes = (ctx: ApiContext): FastifyPluginAsyncZod => async (app) => {
  app.post('/cases', {
    schema: {
      tags: ['caseworker'],
      summary: 'Intake: open a case (all applicant types and the six ex-officio grounds)',
      body: IntakeBody,
      response: { 201: z.object({ caseId: z.string(), status: z.string() }) },
    },
    handler: async (req, reply) => {
      const p = req.principal!;
      if (p.role !== 'caseworker') throw problems.forbidden('intake is taken by the dong caseworker');
      if (!p.dongs.includes(req.body.dongCode)) throw problems.forbidden(`dong ${req.body.dongCode} is not yours`);
      const recipientPseudoId = ctx.pseudonymize(req.body.personal.rrn);
      const caseId = caseWorkflowId(recipientPseudoId);
      await ctx.client.workflow.start('caseWorkflow', {
        taskQueue: ctx.taskQueue,
        workflowId: caseId,
        args: [{ intake: { ...req.body, recipientPseudoId, districtCode: districtOfDong(req.body.dongCode).code, actor: { role: 'caseworker', id: p.sub } } }],
      });
      return reply.status(201).header('location', `/cases/${caseId}`).send({ caseId, status: 'awaitingConsent' });
    },
  });

  app.get('/cases/:caseId', {
    schema: { tags: ['caseworker', 'supervisor'], summary: 'A case: status, plan, referrals, deadlines, timeline', params: z.object({ caseId: CaseId }) },
    handler: async (req) => {
      const p = req.principal!;
      const state = await loadCaseInScope(ctx, p, req.params.caseId);
      await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'case.viewed' });
      return caseView(state, p);
    },
  });

  for (const action of CASE_ACTION_ROUTES) {
    const paramNames = [...action.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    app.post(`/cases/:caseId/${action.path}`, {
      schema: {
        tags: ['case actions'],
        summary: action.summary,
        params: z.object({ caseId: CaseId, ...Object.fromEntries(paramNames.map((n) => [n, z.string().min(1).max(128)])) }),
        body: action.body,
        response: { 200: ActionResult },
      },
      handler: async (req) => {
        const p = req.principal!;
        const params = req.params as Record<string, string>;
        if (p.role === 'provider') throw problems.forbidden('providers act on their referrals, not on cases');
        const fromParams = Object.fromEntries(Object.entries(action.fromParams ?? {}).map(([param, field]) => [field, params[param]]));
        const input = { ...(req.body as object), ...fromParams, actor: { role: p.role, id: p.sub } };
        // The caller's area is checked by the update's validator against the case itself (403 when outside it),
        // in the same round trip as the action: no separate read of the case first.
        return (await ctx.client.workflow.getHandle(params.caseId!).executeUpdate(action.update, { args: [input as never, p] })) as z.infer<typeof ActionResult>;
      },
    });
  }

  app.get('/caseload', {
    schema: {
      tags: ['caseworker'],
      summary: 'The caseload of your dong(s), with filters and paging',
      querystring: z.object({
        status: z.enum(['awaitingConsent', 'preSurvey', 'awaitingAssessment', 'awaitingEligibility', 'planning', 'awaitingConference', 'active', 'closed']).optional(),
        overdue: z.enum(['true', 'false']).optional(),
        dong: z.string().optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    handler: async (req) => {
      const p = req.principal!;
      if (p.role !== 'caseworker') throw problems.forbidden('the caseload is a caseworker list; supervisors use /supervisor/*');
      const dongs = req.query.dong ? [req.query.dong] : p.dongs;
      if (!dongs.every((d) => p.dongs.includes(d))) throw problems.forbidden(`dong ${req.query.dong} is not yours`);
      const filters = [
        `DolbomKind = 'case'`,
        `Dong IN (${dongs.map(q).join(', ')})`,
        ...(req.query.status ? [`CaseStatus = ${q(req.query.status)}`] : []),
        ...(req.query.overdue ? [`Overdue = ${req.query.overdue}`] : []),
      ];
      return listPage(ctx.client, filters.join(' AND '), req.query.page, req.query.pageSize, (w) => ({
        caseId: w.workflowId,
        status: attr(w, 'CaseStatus'),
        dong: attr(w, 'Dong'),
        overdue: attr(w, 'Overdue') ?? false,
        escalationOpen: attr(w, 'EscalationOpen') ?? false,
        openReferrals: attr(w, 'OpenReferrals') ?? 0,
        nextDeadline: attr(w, 'NextDeadline') ?? null,
        openedAt: w.startTime,
      }));
    },
  });
};
