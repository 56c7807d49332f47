/**
 * What a provider organisation does without a Kafka link: its referrals (lists and one referral, only what
 * it may see) and its reports, which go through the same delivery as the Kafka bridge (bridge/deliver-report.ts),
 * so the effect is the same. Shared by the HTTP routes and the console.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { deliverProviderReport } from '../../bridge/deliver-report';
import type { DeclineReason, TaskStatus } from '../../domain/codes';
import { referralStateQuery, type ReferralState } from '../../workflows/referral/referral.messages';
import type { Period, Quantity } from '../../domain/service-shapes';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { HttpProblem, problems } from '../problem';
import { pageOf, pageWindow, type Page } from '../page';
import { getService, isServiceCode } from '../../domain/catalogue/catalogue';
import { AWAITING_DECISION_STATUSES, isAwaitingDecision } from '../../domain/referral/referral-lifecycle';
import type { ReferralQuery } from '../../listing/listing-store.types';
import { withinDeadline } from './temporal-calls';

export const PROVIDER_VIEWS = ['new', 'dueSoon', 'overdue', 'active'] as const;
export type ProviderView = (typeof PROVIDER_VIEWS)[number];

/** The report each provider action sends, in the FHIR Task vocabulary (domain/referral/referral-lifecycle.ts). */
export const REPORT_ROUTES = {
  receive: 'received',
  accept: 'accepted',
  decline: 'rejected',
  start: 'in-progress',
  hold: 'on-hold',
  change: 'changed',
  complete: 'completed',
  fail: 'failed',
} as const;
export type ReportVerb = keyof typeof REPORT_ROUTES;

const providerOf = (p: Principal) => {
  if (p.role !== 'provider') throw problems.forbidden('provider lists are for provider organisations');
  return p.providerId;
};

export async function providerReferrals(
  ctx: ApiContext,
  p: Principal,
  view: ProviderView,
  page: number,
  pageSize: number,
  now = new Date(),
): Promise<Page<Record<string, unknown>>> {
  const providerId = providerOf(p);
  const soon = new Date(now.getTime() + 24 * 3600 * 1000);
  const byView: Record<ProviderView, Omit<ReferralQuery, 'providerId' | 'offset' | 'limit'>> = {
    new: { statuses: AWAITING_DECISION_STATUSES },
    dueSoon: { statuses: AWAITING_DECISION_STATUSES, respondAfter: now.toISOString(), respondBy: soon.toISOString() },
    overdue: { statuses: AWAITING_DECISION_STATUSES, respondBy: now.toISOString() },
    active: { statuses: ['accepted', 'in-progress', 'on-hold'] },
  };
  const rows = await ctx.listings.referrals({ providerId, ...byView[view], ...pageWindow(page, pageSize) });
  return pageOf(rows, page, pageSize, (r) => ({
    referralId: r.referralId,
    status: r.status,
    serviceCode: r.serviceCode,
    domain: isServiceCode(r.serviceCode) ? getService(r.serviceCode).domain : null,
    dong: r.dongCode,
    respondBy: view === 'active' ? null : r.respondBy,
  }));
}

/** What the assigned provider sees of one referral: the service asked for, its status and its own attempts. */
export interface ProviderReferralView {
  referralId: string;
  serviceCode: string;
  domain: string;
  status: TaskStatus;
  urgent: boolean;
  quantity: Quantity;
  period: Period;
  /** The decision deadline while a decision is awaited; none once accepted. */
  respondBy: string | null;
  attempt: number | null;
  attempts: { attempt: number; requestedAt: string; respondBy: string; outcome?: string; declineReason?: DeclineReason; at?: string }[];
}

/** The referral, if it is the caller's (403, audited, otherwise). Not itself audited as a read. */
export async function assignedReferral(ctx: ApiContext, p: Principal, req: FastifyRequest, referralId: string): Promise<ReferralState> {
  const providerId = providerOf(p);
  const referral = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () =>
    ctx.runs.query(referralId, (h) => h.query(referralStateQuery)),
  ).catch((err: unknown) => {
    if (err instanceof HttpProblem) throw err; // 503: the worker did not answer
    throw problems.notFound(`no referral ${referralId}`);
  });
  if (referral.providerId !== providerId) {
    await ctx.recordRead(p, req, { caseId: referral.caseId, target: referralId, action: 'access.refused' });
    req.log.warn({ referralId, principal: { role: p.role, sub: p.sub } }, 'access refused: referral not assigned to the caller');
    throw problems.forbidden(`referral ${referralId} is not assigned to ${providerId}`);
  }
  return referral;
}

export async function viewProviderReferral(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  referralId: string,
): Promise<ProviderReferralView> {
  const r = await assignedReferral(ctx, p, req, referralId);
  await ctx.recordRead(p, req, { caseId: r.caseId, target: referralId, action: 'referral.viewed' });
  const mine = r.attempts.filter((a) => a.providerId === r.providerId);
  const awaiting = isAwaitingDecision(r.status);
  return {
    referralId: r.referralId,
    serviceCode: r.serviceCode,
    domain: r.domain,
    status: r.status,
    urgent: r.urgent,
    quantity: r.quantity,
    period: r.period,
    respondBy: awaiting ? (r.respondBy ?? null) : null,
    attempt: mine.at(-1)?.attempt ?? null,
    attempts: mine.map(({ attempt, requestedAt, respondBy, outcome, declineReason, at }) => ({
      attempt,
      requestedAt,
      respondBy,
      ...(outcome ? { outcome } : {}),
      ...(declineReason ? { declineReason } : {}),
      ...(at ? { at } : {}),
    })),
  };
}

export interface ReportBodyInput {
  declineReason?: DeclineReason;
  change?: { quantity?: Quantity; period?: Period; code?: string };
  occurredAt?: string;
}

/** A provider's report on its referral; an idempotency key makes a retried request the same event. */
export async function reportOnReferral(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  o: { referralId: string; verb: ReportVerb; body?: ReportBodyInput; idempotencyKey?: string },
): Promise<{ referralId: string; status: string; duplicate: boolean }> {
  const report = REPORT_ROUTES[o.verb];
  await assignedReferral(ctx, p, req, o.referralId);
  const providerId = providerOf(p);
  if (report === 'rejected' && !o.body?.declineReason)
    throw problems.invalid('a decline needs a coded declineReason', [{ path: 'body.declineReason', message: 'required' }]);
  const outcome = await withinDeadline(
    ctx.client,
    ctx.workerTimeoutMs,
    () =>
      deliverProviderReport(
        ctx.client,
        o.referralId,
        {
          eventId: `api-${o.idempotencyKey ?? randomUUID()}`,
          providerId,
          report,
          ...(o.body?.declineReason ? { declineReason: o.body.declineReason } : {}),
          ...(o.body?.change ? { change: o.body.change } : {}),
          occurredAt: o.body?.occurredAt ?? new Date().toISOString(),
        },
        p,
      ), // the verified provider's own scope: the referral refuses a report for another provider
  );
  if (outcome.outcome === 'refused') {
    if (outcome.reason === 'wrong-provider') throw problems.forbidden(outcome.detail);
    throw problems.conflict(outcome.detail, { reason: outcome.reason });
  }
  return { referralId: o.referralId, status: outcome.status, duplicate: outcome.outcome === 'duplicate' };
}
