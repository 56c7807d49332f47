/**
 * Supervisor routes: the district's conference queue, escalations, overdue work, workload per dong, who viewed
 * a case, and the audit chain. Conference decisions and escalation answers are case actions; a case's timeline
 * is in case-routes.ts. The rules live in api/services/supervisor.ts (shared with the console).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { Paging } from './paging';
import { accessReport, districtList, verifyAuditChain, workload, type DistrictList } from '../services/supervisor';
import { CaseId } from './case-routes';
import { reassignCaseload } from '../services/caseload-reassignment';
import { CaseworkerId } from '../../domain/case/ownership-inputs';
import { REASSIGNMENT_REASONS } from '../../domain/vocabulary';

export const supervisorRoutes =
  (ctx: ApiContext): FastifyPluginAsyncZod =>
  async (app) => {
    const list = (path: string, summary: string, which: DistrictList) =>
      app.get(path, {
        schema: { tags: ['supervisor'], summary, querystring: Paging },
        handler: async (req) => districtList(ctx, req.principal!, which, req.query.page, req.query.pageSize),
      });

    list('/supervisor/conference-queue', 'Plans awaiting the support conference’s decision', 'conferenceQueue');
    list('/supervisor/escalations', 'Cases with an open escalation (referrals exhausted, monitoring overdue)', 'escalations');
    list('/supervisor/overdue', 'Cases whose monitoring check is overdue', 'overdue');

    app.get('/supervisor/workload', {
      schema: { tags: ['supervisor'], summary: 'Open cases per dong, with overdue and escalated counts' },
      handler: async (req) => workload(ctx, req.principal!),
    });

    app.get('/cases/:caseId/access-report', {
      schema: {
        tags: ['supervisor'],
        summary:
          'Who viewed this case, and who tried and was refused: every read of its data (who, role, when, from where, what), from the audit store',
        params: z.object({ caseId: CaseId }),
      },
      handler: async (req) => accessReport(ctx, req.principal!, req, req.params.caseId),
    });

    app.post('/supervisor/caseworkers/:caseworkerId/reassign', {
      schema: {
        tags: ['supervisor'],
        summary:
          'A caseworker leaves: reassign every open case they carry in your district to another caseworker (Rule Arts. 7-8), each as an audited step; a retry with the same Idempotency-Key applies nothing twice',
        params: z.object({ caseworkerId: CaseworkerId }),
        headers: z.looseObject({ 'idempotency-key': z.string().min(8).max(128) }),
        body: z.strictObject({ toCaseworkerId: CaseworkerId, reason: z.enum(REASSIGNMENT_REASONS).default('caseworkerLeft') }),
        response: {
          200: z.object({
            fromCaseworkerId: z.string(),
            toCaseworkerId: z.string(),
            reassigned: z.array(z.string()),
            refused: z.array(z.object({ caseId: z.string(), detail: z.string() })),
          }),
        },
      },
      handler: async (req) =>
        reassignCaseload(ctx, req.principal!, req, {
          fromCaseworkerId: req.params.caseworkerId,
          toCaseworkerId: req.body.toCaseworkerId,
          reason: req.body.reason,
          idempotencyKey: req.headers['idempotency-key'],
        }),
    });

    app.get('/audit/verify', {
      schema: { tags: ['supervisor'], summary: 'Verify the audit store’s hash chain; reports the first tampered entry' },
      handler: async (req, reply) => {
        const result = await verifyAuditChain(ctx, req.principal!);
        return reply.status(result.ok ? 200 : 409).send(result);
      },
    });
  };
