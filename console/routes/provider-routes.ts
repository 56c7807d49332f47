/**
 * The provider's pages: its inbox (new, due soon, overdue, active) and one referral with only what the
 * provider may see, its deadline in Seoul time with the business days left, and its actions. Each action is
 * confirmed on a page of its own before it is sent (no JavaScript needed); the report goes through the API's
 * `reportOnReferral`, the same delivery as the Kafka bridge, and the form's key makes a resubmission one event.
 */
import { CONTACT_STATUSES } from '../../domain/referral/contact-disclosure';
import { referralContact } from '../../api/services/provider-contact';
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../api/auth/principal';
import { HttpProblem, toProblem } from '../../api/problem';
import {
  PROVIDER_VIEWS,
  providerReferrals,
  REPORT_ROUTES,
  reportOnReferral,
  viewProviderReferral,
  type ReportVerb,
} from '../../api/services/provider';
import { businessDaysBetween } from '../../domain/calendar';
import { DECLINE_REASONS } from '../../domain/codes';
import { applyProviderReport } from '../../domain/referral/referral-lifecycle';
import type { FormBody } from '../case-action-forms';
import type { ConsoleRouteDeps } from '../plugin';
import { problemMessage, render, viewer } from '../render';

const InboxQuery = z.object({
  view: z.enum(PROVIDER_VIEWS).default('new').catch('new'),
  page: z.coerce.number().int().min(1).max(1000).default(1).catch(1),
});
const RefParams = z.object({ referralId: z.string().min(1).max(128) });
const VERBS = Object.keys(REPORT_ROUTES) as ReportVerb[];
const VerbParams = RefParams.extend({ verb: z.enum(VERBS as [ReportVerb, ...ReportVerb[]]) });
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

const provider = (req: FastifyRequest): Principal => {
  const p = viewer(req);
  if (p.role !== 'provider')
    throw new HttpProblem({
      type: 'urn:dolbom:problem:forbidden',
      title: 'forbidden',
      status: 403,
      detail: 'the inbox is for provider organisations',
    });
  return p;
};

export const providerRoutes =
  (deps: ConsoleRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const { ctx } = deps;

    app.get('/provider', async (req, reply) => {
      const p = provider(req);
      const q = InboxQuery.parse(req.query);
      const now = new Date();
      const list = await providerReferrals(ctx, p, q.view, q.page, 25, now);
      const rows = list.items.map((r) => ({
        ...r,
        businessDaysLeft: r.respondBy ? businessDaysBetween(now, new Date(r.respondBy as string | Date)) : null,
      }));
      return render(req, reply, 'provider-inbox', { view: q.view, views: PROVIDER_VIEWS, list: { ...list, items: rows } });
    });

    const referralPage = async (req: FastifyRequest, p: Principal, referralId: string) => {
      const referral = await viewProviderReferral(ctx, p, req, referralId);
      const now = new Date();
      // The person's contact details once accepted, while delivering (domain/referral/contact-disclosure.ts); an audited read.
      const contact = CONTACT_STATUSES.includes(referral.status) ? await referralContact(ctx, p, req, referralId) : null;
      return {
        referral,
        contact,
        businessDaysLeft: referral.respondBy ? businessDaysBetween(now, referral.respondBy) : null,
        // The reports the referral lifecycle allows now (the workflow checks again when one is sent).
        offered: VERBS.filter((v) => applyProviderReport(referral.status, REPORT_ROUTES[v]).allowed),
        declineReasons: DECLINE_REASONS,
        idem: randomUUID(),
      };
    };

    app.get('/provider/referrals/:referralId', async (req, reply) => {
      const p = provider(req);
      const { referralId } = RefParams.parse(req.params);
      return render(req, reply, 'provider-referral', await referralPage(req, p, referralId));
    });

    app.post('/provider/referrals/:referralId/:verb', { preHandler: app.csrfProtection }, async (req, reply) => {
      const p = provider(req);
      const { referralId, verb } = VerbParams.parse(req.params);
      const f = req.body as FormBody;
      const declineReason = one(f.declineReason);
      if (verb === 'decline' && !(DECLINE_REASONS as readonly string[]).includes(declineReason)) {
        return render(
          req,
          reply,
          'provider-referral',
          { ...(await referralPage(req, p, referralId)), action: verb, refusal: { status: 400, title: 'reasonRequired' }, values: f },
          400,
        );
      }
      const changeCode = one(f.changeCode).slice(0, 64);
      const body =
        verb === 'decline'
          ? { declineReason: declineReason as (typeof DECLINE_REASONS)[number] }
          : verb === 'change' && changeCode
            ? { change: { code: changeCode } }
            : undefined;
      // Confirm first: a page that repeats what will be sent, with the same key, and a button that sends it.
      if (one(f.confirmed) !== 'yes')
        return render(req, reply, 'provider-confirm', { referralId, verb, declineReason, changeCode, idem: one(f._idem) || randomUUID() });
      try {
        await reportOnReferral(ctx, p, req, { referralId, verb, ...(body ? { body } : {}), idempotencyKey: one(f._idem) || randomUUID() });
        return reply.redirect(`/console/provider/referrals/${encodeURIComponent(referralId)}?done=${verb}`, 303);
      } catch (err) {
        const problem = err instanceof HttpProblem ? err.problem : toProblem(err);
        if (problem.status === 403 || problem.status === 404 || problem.status >= 500) throw err;
        return render(
          req,
          reply,
          'provider-referral',
          { ...(await referralPage(req, p, referralId)), action: verb, refusal: problemMessage(req, err), values: f },
          problem.status,
        );
      }
    });
  };
