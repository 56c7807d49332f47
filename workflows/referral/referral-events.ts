/**
 * The events a referral step publishes, built as pure data for the publishEvents activity. Provider-facing
 * events go to the service's domain topic only; status changes go to the case topic, each its step's audit record.
 */
import { referralDeadline } from '../../domain/listing/case-listing';
import type { PublishEventInput } from '../../activities/publish-event';
import { REFERRAL_OUTBOUND_TYPES, REFERRAL_STATUS_CHANGED_TYPE, type ServiceMethod } from '../../domain/vocabulary';
import type { Actor } from '../../domain/actor';
import { type ReferralState } from './referral.messages';

/** The types a referral step publishes (domain/vocabulary.ts). */
export const REFERRAL_EVENT_TYPES = {
  ...REFERRAL_OUTBOUND_TYPES,
  statusChanged: REFERRAL_STATUS_CHANGED_TYPE,
} as const;

interface StepContext {
  state: ReferralState;
  seq: number;
  at: string;
  actor: Actor;
}

function base(ctx: StepContext, suffix: string) {
  return {
    eventKey: `${ctx.state.referralId}/${ctx.seq}/${suffix}`,
    partitionKey: ctx.state.caseId,
    subject: ctx.state.referralId,
    time: ctx.at,
    actorrole: ctx.actor.role,
    actorid: ctx.actor.id,
  };
}

/**
 * The person's name in one referral's events (Act Art. 14, Decree Art. 9, PIPA Art. 3): `r-` and 20 hex digits of
 * the workflow's seeded uuid, in the pseudonymous-id pattern. Random, so it links no two referrals or providers.
 */
export const referralPseudonym = (uuid: string) => `r-${uuid.replace(/-/g, '').slice(0, 20)}`;

/** What the provider needs to decide: pseudonymous ids, the service, where and how much; no personal data. */
export function referralRequestEvent(
  ctx: StepContext,
  extra: {
    attempt: number;
    providerId: string;
    respondBy: string;
    districtCode: string;
    dongCode: string;
    recipientPseudoId: string;
    method?: ServiceMethod;
  },
): PublishEventInput {
  const s = ctx.state;
  return {
    ...base(ctx, 'requested'),
    destination: { stream: 'referralRequests', domain: s.domain },
    type: REFERRAL_EVENT_TYPES.requested,
    data: {
      referralId: s.referralId,
      caseId: s.caseId,
      attempt: extra.attempt,
      providerId: extra.providerId,
      serviceCode: s.serviceCode,
      domain: s.domain,
      quantity: s.quantity,
      period: s.period,
      districtCode: extra.districtCode,
      dongCode: extra.dongCode,
      recipientPseudoId: extra.recipientPseudoId,
      ...(extra.method ? { method: extra.method } : {}),
      urgent: s.urgent,
      respondBy: extra.respondBy,
    },
  };
}

/** Tells the provider a request no longer stands (expired, cancelled) or changed (amended). */
export function providerNoticeEvent(
  ctx: StepContext,
  kind: 'expired' | 'cancelled' | 'amended',
  providerId: string,
  details: Record<string, unknown> = {},
): PublishEventInput {
  const s = ctx.state;
  return {
    ...base(ctx, kind),
    destination: { stream: 'referralRequests', domain: s.domain },
    type: REFERRAL_EVENT_TYPES[kind],
    data: { referralId: s.referralId, caseId: s.caseId, providerId, serviceCode: s.serviceCode, ...details },
  };
}

/**
 * The step's status event, which is also its audit record (audit/step-entry.ts): it names the step and carries its
 * coded details (the timeline shows them). A provider report's event id is the provider's own text, so it stays in
 * the referral's history, not in the event.
 */
export function statusChangedEvent(ctx: StepContext, action: string, details: Record<string, unknown> = {}): PublishEventInput {
  const { eventId: _providersOwnId, ...coded } = details;
  const s = ctx.state;
  return {
    ...base(ctx, 'status'),
    destination: { stream: 'caseEvents' },
    type: REFERRAL_EVENT_TYPES.statusChanged,
    data: {
      referralId: s.referralId,
      caseId: s.caseId,
      lineId: s.lineId,
      serviceCode: s.serviceCode,
      status: s.status,
      providerId: s.providerId,
      escalated: s.escalated,
      attempt: s.attempts.length,
      // The listings keep a referral's latest step, and show its deadline while a decision is awaited (listing/).
      seq: ctx.seq,
      ...(referralDeadline(s) ? { respondBy: referralDeadline(s) } : {}),
      action,
      step: coded,
    },
    audited: true,
  };
}
