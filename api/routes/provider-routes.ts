/**
 * Provider routes, for providers without a Kafka link: their referrals (new, due soon, overdue), and their
 * reports. A report here goes through the same delivery as the Kafka bridge, so the effect is the same.
 * An Idempotency-Key header makes a retried request the same event (applied once).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deliverProviderReport } from '../../bridge/deliver-report';
import { DeclineReason } from '../../domain/codes';
import { Period, Quantity, referralStateQuery } from '../../workflows/referral/referral.messages';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { attr, listPage, q } from '../visibility';

const REPORT_ROUTES = {
  receive: 'received',
  accept: 'accepted',
  decline: 'rejected',
  start: 'in-progress',
  hold: 'on-hold',
  change: 'changed',
  complete: 'completed',
  fail: 'failed',
} as const;

const ReportBody = z.strictObject({
  declineReason: DeclineReason.optional(),
  change: z.strictObject({ quantity: Quantity.optional(), period: Period.optional(), code: z.string().max(64).optional() }).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

export const providerRoutes = (ctx: ApiContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/provider/referrals', {
    schema: {
      tags: ['provider'],
      summary: 'Your referrals: new (awaiting your decision), due soon (within 1 day), overdue, or active',
      querystring: z.object({
        view: z.enum(['new', 'dueSoon', 'overdue', 'active']).default('new'),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    handler: async (req) => {
      const p = req.principal!;
      if (p.role !== 'provider') throw problems.forbidden('provider lists are for provider organisations');
      const now = new Date();
      const soon = new Date(now.getTime() + 24 * 3600 * 1000);
      const base = [`DolbomKind = 'referral'`, `ProviderId = ${q(p.providerId)}`];
      const byView = {
        new: [`ReferralStatus IN ('requested', 'received')`],
        dueSoon: [`ReferralStatus IN ('requested', 'received')`, `NextDeadline <= '${soon.toISOString()}'`, `NextDeadline > '${now.toISOString()}'`],
        overdue: [`ReferralStatus IN ('requested', 'received')`, `NextDeadline <= '${now.toISOString()}'`],
        active: [`ReferralStatus IN ('accepted', 'in-progress', 'on-hold')`],
      }[req.query.view];
      return listPage(ctx.client, [...base, ...byView].join(' AND '), req.query.page, req.query.pageSize, (w) => ({
        referralId: w.workflowId,
        status: attr(w, 'ReferralStatus'),
        serviceCode: attr(w, 'ServiceCode'),
        domain: attr(w, 'CareDomain'),
        dong: attr(w, 'Dong'),
        respondBy: attr(w, 'NextDeadline') ?? null,
      }));
    },
  });

  for (const [verb, report] of Object.entries(REPORT_ROUTES)) {
    app.post(`/provider/referrals/:referralId/${verb}`, {
      schema: {
        tags: ['provider'],
        summary: `Report: ${report}`,
        params: z.object({ referralId: z.string().min(1).max(128) }),
        headers: z.looseObject({ 'idempotency-key': z.string().min(8).max(128).optional() }),
        body: ReportBody.optional(),
      },
      handler: async (req) => {
        const p = req.principal!;
        if (p.role !== 'provider') throw problems.forbidden('only the provider a referral is assigned to reports on it');
        const referral = await ctx.client.workflow.getHandle(req.params.referralId).query(referralStateQuery).catch(() => {
          throw problems.notFound(`no referral ${req.params.referralId}`);
        });
        if (referral.providerId !== p.providerId) throw problems.forbidden(`referral ${req.params.referralId} is not assigned to ${p.providerId}`);
        if (report === 'rejected' && !req.body?.declineReason) throw problems.invalid('a decline needs a coded declineReason', [{ path: 'body.declineReason', message: 'required' }]);
        const outcome = await deliverProviderReport(ctx.client, req.params.referralId, {
          eventId: `api-${req.headers['idempotency-key'] ?? randomUUID()}`,
          providerId: p.providerId,
          report,
          ...(req.body?.declineReason ? { declineReason: req.body.declineReason } : {}),
          ...(req.body?.change ? { change: req.body.change } : {}),
          occurredAt: req.body?.occurredAt ?? new Date().toISOString(),
        });
        if (outcome.outcome === 'refused') {
          if (outcome.reason === 'wrong-provider') throw problems.forbidden(outcome.detail);
          throw problems.conflict(outcome.detail, { reason: outcome.reason });
        }
        return { referralId: req.params.referralId, status: outcome.status, duplicate: outcome.outcome === 'duplicate' };
      },
    });
  }
};
