/**
 * Assessor routes: the comprehensive assessments its districts await (Decree Art. 5). The answer is the case's
 * `POST /cases/{caseId}/assessment` action (case-actions.ts), which the case workflow accepts from the assessor.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../context';
import { Paging } from './paging';
import { assessmentWorklist } from '../services/assessor';

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
