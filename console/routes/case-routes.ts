/**
 * A case's pages, for its dong's caseworker and its district's supervisor: the case (who, masked resident
 * number, status, the next actions allowed now as forms, referrals, timeline), its live feed, its timeline
 * with CSV, and who viewed it. Every read goes through the API's services: scoped and audited alike.
 */
import { streamCaseChanges } from '../../api/case-event-feed';
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../api/auth/principal';
import { HttpProblem, toProblem } from '../../api/problem';
import { loadCaseInScope, runCaseAction } from '../../api/services/cases';
import { viewCaseWithAttempts } from '../../api/services/console-case';
import { CaseReadQuery } from '../../api/routes/case-routes';
import { accessReport } from '../../api/services/supervisor';
import { caseTimeline, timelineCsv } from '../../api/services/timeline';
import { ADL_ITEMS } from '../../domain/pre-survey';
import { NEED_LEVELS } from '../../domain/assessment';
import { authoriseCaseAction, CASE_ACTION_RULES, type CaseAction } from '../../domain/case/case-lifecycle';
import { SERVICE_CATALOGUE } from '../../domain/catalogue/catalogue';
import { addDays, addMonths, ageInYears, seoulDateOf } from '../../domain/seoul-date';
import { CARE_DOMAINS, CLOSURE_GROUNDS, DIFFICULTY_CAUSES } from '../../domain/codes';
import { PROVIDER_DIRECTORY } from '../../domain/providers/directory';
import { ACTION_FORMS, actionRoute, actionsAllowedNow, isFormAction, PLAN_FORM_LINES, type FormBody } from '../case-action-forms';
import { translator } from '../i18n';
import type { ConsoleRouteDeps } from '../plugin';
import { problemMessage, render, viewer } from '../render';
import { langOf } from '../session';

const CaseParams = z.object({ caseId: z.string().regex(/^case-[a-z0-9-]{8,64}$/) });
const ActionParams = CaseParams.extend({ action: z.string().max(40) });

const caseReader = (req: FastifyRequest): Principal => {
  const p = viewer(req);
  if (p.role === 'provider')
    throw new HttpProblem({
      type: 'urn:dolbom:problem:forbidden',
      title: 'forbidden',
      status: 403,
      detail: 'providers see their referrals, not cases',
    });
  return p;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export const caseRoutes =
  (deps: ConsoleRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const { ctx } = deps;

    async function casePage(
      req: FastifyRequest,
      reply: FastifyReply,
      p: Principal,
      caseId: string,
      extra: { action?: CaseAction; refusal?: unknown; values?: FormBody } = {},
      status = 200,
      minSeq?: number,
    ) {
      const { state, attempts } = await viewCaseWithAttempts(ctx, p, req, caseId, minSeq);
      const personal = 'personal' in state ? state.personal : undefined;
      const districtProviders = PROVIDER_DIRECTORY.filter(
        (pr) => pr.districtCodes.includes(state.districtCode) || pr.dongCodes.some((d) => d.startsWith(state.districtCode)),
      );
      return render(
        req,
        reply,
        'case',
        {
          state,
          personal,
          age: personal ? ageInYears(personal.birthDate, seoulDateOf(new Date())) : null,
          attempts,
          referrals: Object.values(state.referrals),
          allowed: actionsAllowedNow(p.role, state.status),
          openEscalations: p.role === 'supervisor' ? state.escalations.filter((e) => !e.resolvedAt) : [],
          catalogue: CARE_DOMAINS.map((d) => ({ domain: d, services: SERVICE_CATALOGUE.filter((s) => s.domain === d) })),
          planLines: PLAN_FORM_LINES,
          adlItems: ADL_ITEMS,
          needLevels: NEED_LEVELS,
          domains: CARE_DOMAINS,
          causes: DIFFICULTY_CAUSES,
          grounds: CLOSURE_GROUNDS,
          providers: districtProviders,
          idem: randomUUID(),
          today: seoulDateOf(new Date()),
          sixMonths: addDays(addMonths(seoulDateOf(new Date()), 6), -1),
          live: Boolean(deps.ctx.caseEvents),
          timeline: [...state.timeline].reverse().slice(0, 30),
          ...extra,
          // A refused form stays on the page with its reason and values, even when the step is no longer offered.
          ...(extra.action && !actionsAllowedNow(p.role, state.status).includes(extra.action) && extra.action !== 'resolveEscalation'
            ? { allowed: [extra.action, ...actionsAllowedNow(p.role, state.status)] }
            : {}),
        },
        status,
      );
    }

    app.get('/cases/:caseId', async (req, reply) => {
      const p = caseReader(req);
      const { caseId } = CaseParams.parse(req.params);
      // After an action the page names its `seq`, so it shows the action whichever API process serves it.
      const seq = CaseReadQuery.shape.seq.safeParse((req.query as { seq?: unknown } | undefined)?.seq).data;
      return casePage(req, reply, p, caseId, {}, 200, seq);
    });

    /** The parts an open case page refreshes when the case changes (status, referrals): a scoped, audited read. */
    app.get('/cases/:caseId/summary', async (req, reply) => {
      const p = caseReader(req);
      const { caseId } = CaseParams.parse(req.params);
      const { state, attempts } = await viewCaseWithAttempts(ctx, p, req, caseId);
      return render(req, reply, 'case-summary', { state, attempts, referrals: Object.values(state.referrals) });
    });

    app.post('/cases/:caseId/actions/:action', { preHandler: app.csrfProtection }, async (req, reply) => {
      const p = caseReader(req);
      const { caseId, action } = ActionParams.parse(req.params);
      if (!isFormAction(action))
        return render(req, reply, 'error', { status: 404, title: translator(langOf(req))('problems.not-found') }, 404);
      const form = req.body as FormBody;
      const body = ACTION_FORMS[action]!(form);
      const params = action === 'resolveEscalation' ? { escalationId: one(form.escalationId) } : undefined;
      try {
        const { seq } = await runCaseAction(ctx, p, req, {
          caseId,
          action: actionRoute(action),
          body,
          ...(params ? { params } : {}),
          ...(one(form._idem) ? { idempotencyKey: one(form._idem) } : {}),
        });
        return reply.redirect(
          p.role === 'supervisor' && action === 'conferenceDecision'
            ? '/console/supervisor?decided=1'
            : `/console/cases/${caseId}?seq=${seq}#next`,
          303,
        );
      } catch (err) {
        const problem = err instanceof HttpProblem ? err.problem : toProblem(err);
        if (problem.status === 403 || problem.status === 404 || problem.status >= 500) throw err;
        const state = await loadCaseInScope(ctx, p, req, caseId);
        const decision = authoriseCaseAction(action, p.role, state.status);
        const t = translator(langOf(req));
        const reason = decision.allowed
          ? problemMessage(req, err)
          : {
              status: problem.status,
              title:
                decision.code === 'ROLE_NOT_ALLOWED'
                  ? t('refusal.role', {
                      action: t(`actions.${action}`),
                      roles: CASE_ACTION_RULES[action].roles.map((r) => t(`codes.role.${r}`)).join(', '),
                    })
                  : t('refusal.status', {
                      action: t(`actions.${action}`),
                      status: t(`codes.status.${state.status}`),
                      allowed: CASE_ACTION_RULES[action].statuses.map((s) => t(`codes.status.${s}`)).join(', '),
                    }),
              detail: problem.detail,
            };
        return casePage(req, reply, p, caseId, { action, refusal: reason, values: form }, problem.status);
      }
    });

    // Live: the page is told that its case changed; it then reads the summary above (scoped and audited).
    app.get('/cases/:caseId/live', async (req, reply) => {
      const p = caseReader(req);
      const { caseId } = CaseParams.parse(req.params);
      await loadCaseInScope(ctx, p, req, caseId);
      if (!deps.ctx.caseEvents) return reply.code(204).send();
      streamCaseChanges(deps.ctx.caseEvents, caseId, req, reply);
    });

    app.get('/cases/:caseId/timeline', async (req, reply) => {
      const p = caseReader(req);
      const { caseId } = CaseParams.parse(req.params);
      const timeline = await caseTimeline(ctx, p, req, caseId);
      return render(req, reply, 'timeline', { timeline });
    });

    app.get('/cases/:caseId/timeline.csv', async (req, reply) => {
      const p = caseReader(req);
      const { caseId } = CaseParams.parse(req.params);
      const timeline = await caseTimeline(ctx, p, req, caseId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${caseId}-timeline.csv"`)
        .send(timelineCsv(timeline));
    });

    app.get('/cases/:caseId/access', async (req, reply) => {
      const p = caseReader(req);
      const { caseId } = CaseParams.parse(req.params);
      const report = await accessReport(ctx, p, req, caseId);
      return render(req, reply, 'access-report', { report });
    });
  };
