/**
 * Provider routes, for providers without a Kafka link: their referrals (new, due soon, overdue, active), one
 * referral as the provider may see it, and their reports. The rules live in api/services/provider.ts (shared
 * with the console); a report goes through the same delivery as the Kafka bridge. An Idempotency-Key header
 * makes a retried request the same event (applied once).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeclineReason } from '../../domain/codes';
import { Period, Quantity } from '../../domain/service-shapes';
import type { ApiContext } from '../context';
import { Paging } from './paging';
import {
  PROVIDER_VIEWS,
  providerReferrals,
  REPORT_ROUTES,
  reportOnReferral,
  viewProviderReferral,
  type ReportVerb,
} from '../services/provider';
import { referralContact } from '../services/provider-contact';

const ReportBody = z.strictObject({
  declineReason: DeclineReason.optional(),
  change: z.strictObject({ quantity: Quantity.optional(), period: Period.optional(), code: z.string().max(64).optional() }).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
const ReferralId = z.string().min(1).max(128);

export const providerRoutes =
  (ctx: ApiContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/provider/referrals', {
      schema: {
        tags: ['provider'],
        summary: 'Your referrals: new (awaiting your decision), due soon (within 1 day), overdue, or active',
        querystring: Paging.extend({ view: z.enum(PROVIDER_VIEWS).default('new') }),
      },
      handler: async (req) => providerReferrals(ctx, req.principal!, req.query.view, req.query.page, req.query.pageSize),
    });

    app.get('/provider/referrals/:referralId', {
      schema: {
        tags: ['provider'],
        summary: 'One of your referrals: the service asked for, its status, your decision deadline while one is awaited, your attempts',
        params: z.object({ referralId: ReferralId }),
      },
      handler: async (req) => viewProviderReferral(ctx, req.principal!, req, req.params.referralId),
    });

    app.get('/provider/referrals/:referralId/contact', {
      schema: {
        tags: ['provider'],
        summary:
          'The person’s name, phone and address, once you have accepted the referral and while you deliver it (Act Art. 14; Decree Art. 9; PIPA): refused before, with the reason; every read is audited',
        params: z.object({ referralId: ReferralId }),
        response: {
          200: z.object({ referralId: z.string(), name: z.string(), phone: z.string().nullable(), address: z.string().nullable() }),
        },
      },
      handler: async (req) => referralContact(ctx, req.principal!, req, req.params.referralId),
    });

    for (const verb of Object.keys(REPORT_ROUTES) as ReportVerb[]) {
      app.post(`/provider/referrals/:referralId/${verb}`, {
        schema: {
          tags: ['provider'],
          summary: `Report: ${REPORT_ROUTES[verb]}`,
          params: z.object({ referralId: ReferralId }),
          headers: z.looseObject({ 'idempotency-key': z.string().min(8).max(128).optional() }),
          body: ReportBody.optional(),
        },
        handler: async (req) => {
          const key = req.headers['idempotency-key'];
          return reportOnReferral(ctx, req.principal!, req, {
            referralId: req.params.referralId,
            verb,
            ...(req.body ? { body: req.body } : {}),
            ...(key ? { idempotencyKey: key } : {}),
          });
        },
      });
    }
  };
