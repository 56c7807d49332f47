/**
 * Assessor routes: the comprehensive assessments its districts await (Decree Art. 5). The answer is the case's
 * `POST /cases/{caseId}/assessment` action (case-actions.ts), which the case workflow accepts from the assessor.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { assessmentWorklist } from '../services/assessor';

const Paging = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const assessorRoutes =
  (ctx: ApiContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/assessor/requests', {
      schema: {
        tags: ['assessor'],
        summary: 'Comprehensive assessments awaited in your districts, earliest deadline first (Decree Art. 5; Act Art. 12)',
        querystring: Paging,
      },
      handler: async (req) => assessmentWorklist(ctx, req.principal!, req.query.page, req.query.pageSize),
    });
  };
