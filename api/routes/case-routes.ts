/**
 * Caseworker routes (and the case actions supervisors and assessors take): intake, each step of the process,
 * a case's state and timeline, and the dong's caseload. The rules live in api/services/cases.ts (shared with
 * the console): scope checked against the case's area before anything is read or changed, every read audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDongCode } from '../../domain/areas/areas';
import { Application, PersonalDetails } from '../../domain/case/case-inputs';
import type { ApiContext } from '../context';
import { Paging } from './paging';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';
import { caseload, loadCaseInScope, openCase, runCaseAction, viewCase } from '../services/cases';
import { streamCaseChanges } from '../case-event-feed';
import { problems } from '../problem';
import { caseTimeline, timelineCsv } from '../services/timeline';
import { CASE_ACTION_ROUTES } from './case-actions';
import { CaseworkerId } from '../../domain/case/ownership-inputs';

export const CaseId = z.string().regex(/^case-[a-z0-9-]{8,64}$/, 'a case id looks like case-<pseudonymous id>');
const IntakeBody = z.strictObject({
  dongCode: z.string().refine(isDongCode, 'unknown dong code'),
  application: Application,
  personal: PersonalDetails,
  /** The dong caseworker who will carry the case, when not you (Rule Arts. 7-8). */
  assignedCaseworkerId: CaseworkerId.optional(),
});
/** A read may name the timeline entry it must show: the `seq` an action answered with (api/case-read-model.ts). */
export const CaseReadQuery = z.strictObject({ seq: z.coerce.number().int().min(0).max(1_000_000).optional() });
const ActionResult = z.looseObject({ status: z.string(), seq: z.number() });
const IdempotencyHeaders = z.looseObject({ 'idempotency-key': z.string().min(8).max(128).optional() });

export const caseRoutes =
  (ctx: ApiContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/cases', {
      schema: {
        tags: ['caseworker'],
        summary: 'Intake: open a case (all applicant types and the six ex-officio grounds)',
        body: IntakeBody,
        response: { 201: z.object({ caseId: z.string(), status: z.string() }) },
      },
      handler: async (req, reply) => {
        const opened = await openCase(ctx, req.principal!, req, req.body);
        return reply.status(201).header('location', `/cases/${opened.caseId}`).send(opened);
      },
    });

    app.get('/cases/:caseId', {
      schema: {
        tags: ['caseworker', 'supervisor'],
        summary: 'A case: status, plan, referrals (with decline reasons), deadlines, timeline',
        description:
          'Your own actions show in the next read. An action made through another API process shows within moments, or at once when you name the `seq` it answered with (`?seq=`).',
        params: z.object({ caseId: CaseId }),
        querystring: CaseReadQuery,
      },
      handler: async (req) => viewCase(ctx, req.principal!, req, req.params.caseId, req.query.seq),
    });

    app.get('/cases/:caseId/events', {
      schema: {
        tags: ['caseworker', 'supervisor'],
        summary:
          'A case’s changes as they happen, as server-sent events: each `case-updated` event names the kind of change (its CloudEvents type) and carries no case data; read the case for what you may see. The stream stays open until you close it.',
        params: z.object({ caseId: CaseId }),
      },
      handler: async (req, reply) => {
        await loadCaseInScope(ctx, req.principal!, req, req.params.caseId);
        if (!ctx.caseEvents) throw problems.unavailable('this API process has no feed of case changes; read the case instead');
        streamCaseChanges(ctx.caseEvents, req.params.caseId, req, reply);
        return reply;
      },
    });

    app.get('/cases/:caseId/timeline', {
      schema: {
        tags: ['caseworker', 'supervisor'],
        summary:
          'A case’s timeline from intake to now, with its referrals: every step, who took it and when, in order, from the append-only audit store; steps it does not hold yet are listed as pending (the dong’s caseworker, the district supervisor)',
        params: z.object({ caseId: CaseId }),
        querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
      },
      handler: async (req, reply) => {
        const timeline = await caseTimeline(ctx, req.principal!, req, req.params.caseId);
        if (req.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${timeline.caseId}-timeline.csv"`)
            .send(timelineCsv(timeline));
        }
        return timeline;
      },
    });

    for (const action of CASE_ACTION_ROUTES) {
      const paramNames = [...action.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      app.post(`/cases/:caseId/${action.path}`, {
        schema: {
          tags: ['case actions'],
          summary: action.summary,
          params: z.object({ caseId: CaseId, ...Object.fromEntries(paramNames.map((n) => [n, z.string().min(1).max(128)])) }),
          headers: IdempotencyHeaders,
          body: action.body,
          response: { 200: ActionResult },
        },
        handler: async (req) => {
          const params = req.params as Record<string, string>;
          const key = req.headers['idempotency-key'];
          return runCaseAction(ctx, req.principal!, req, {
            caseId: params.caseId!,
            action,
            body: req.body as object,
            params,
            ...(key ? { idempotencyKey: key } : {}),
          });
        },
      });
    }

    app.get('/caseload', {
      schema: {
        tags: ['caseworker'],
        summary: 'The caseload of your dong(s), with filters and paging',
        querystring: Paging.extend({
          status: z.enum(CASE_STATUSES).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          dong: z.string().optional(),
          mine: z.enum(['true', 'false']).optional().describe('Only the cases you carry (assigned to you)'),
        }),
      },
      handler: async (req) =>
        caseload(ctx, req.principal!, {
          page: req.query.page,
          pageSize: req.query.pageSize,
          ...(req.query.status ? { status: req.query.status } : {}),
          ...(req.query.overdue ? { overdue: req.query.overdue === 'true' } : {}),
          ...(req.query.dong ? { dong: req.query.dong } : {}),
          ...(req.query.mine === 'true' ? { mine: true } : {}),
        }),
    });
  };
