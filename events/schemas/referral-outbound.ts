/**
 * What Dolbom tells providers, on the referral topic of the service's care domain
 * (`<prefix>referral.requests.<domain>`), keyed by case id, subject = referral id.
 * Built by workflows/referral/referral-events.ts (referralRequestEvent, providerNoticeEvent).
 *
 * Every event names the provider it is for (`providerId`): a domain topic carries the referrals of every
 * provider of that domain, so a consumer keeps only the events whose `providerId` is its own.
 */
import { z } from 'zod';
import { CareDomain } from '../../domain/codes';
import { REFERRAL_CANCEL_REASONS, REFERRAL_OUTBOUND_TYPES, SERVICE_METHODS } from '../../domain/vocabulary';
import { defineEvent, type CatalogueEntry } from './define';
import { EXAMPLE } from './examples';
import {
  Attempt,
  CaseId,
  DistrictCode,
  DongCode,
  IsoDateTime,
  Period,
  ProviderId,
  Quantity,
  RecipientPseudoId,
  ReferralId,
  ServiceCode,
} from './common';

export const ReferralCancelReason = z.enum(REFERRAL_CANCEL_REASONS);

const addressed = {
  referralId: ReferralId,
  caseId: CaseId,
  providerId: ProviderId.describe('The provider this event is for. Ignore events for other providers.'),
  serviceCode: ServiceCode,
};

export const ReferralRequestedV1 = z
  .strictObject({
    ...addressed,
    attempt: Attempt,
    domain: CareDomain.describe('Care domain of the service (also the topic it was published on).'),
    quantity: Quantity,
    period: Period,
    districtCode: DistrictCode.describe("District of the person's residence."),
    dongCode: DongCode.describe("Administrative dong of the person's residence (no street address is ever sent)."),
    recipientPseudoId: RecipientPseudoId.describe(
      'The person, under a pseudonym for this referral only (Act Art. 14, Decree Art. 9, PIPA Art. 3): it links nothing across referrals or providers. Contact details come after acceptance, from GET /provider/referrals/{referralId}/contact.',
    ),
    method: z
      .enum(SERVICE_METHODS)
      .optional()
      .describe(
        'How the service is delivered (Rule Form 2: visit, centre, remote, placement, equipment, linkage); absent in older referrals.',
      ),
    urgent: z.boolean().describe('True for an urgent link made before the full assessment (돌봄SOS kind): decide as soon as possible.'),
    respondBy: IsoDateTime.describe(
      'Deadline for your decision (accepted or rejected). Afterwards the request expires and goes to another provider.',
    ),
  })
  .describe('A referral is offered to you: decide (accept or reject with a coded reason) before `respondBy`.');
export type ReferralRequestedV1 = z.infer<typeof ReferralRequestedV1>;

export const ReferralExpiredV1 = z
  .strictObject({ ...addressed, attempt: Attempt.describe('The attempt that expired.') })
  .describe(
    'Your decision did not arrive before `respondBy`: the request is withdrawn from you and offered to another provider. Reports on it are refused from now on.',
  );
export type ReferralExpiredV1 = z.infer<typeof ReferralExpiredV1>;

export const ReferralCancelledV1 = z
  .strictObject({ ...addressed, reason: ReferralCancelReason.describe('Why the referral was cancelled.') })
  .describe('The referral was cancelled: stop (or do not start) the service. Reports on it are refused from now on.');
export type ReferralCancelledV1 = z.infer<typeof ReferralCancelledV1>;

export const ReferralAmendedV1 = z
  .strictObject({ ...addressed, quantity: Quantity.describe('The new quantity.'), period: Period.describe('The new period.') })
  .describe('The approved plan changed the quantity or period of a referral assigned to you; the new terms replace the old.');
export type ReferralAmendedV1 = z.infer<typeof ReferralAmendedV1>;

const addressedExample = {
  referralId: EXAMPLE.referralId,
  caseId: EXAMPLE.caseId,
  providerId: EXAMPLE.providerId,
  serviceCode: EXAMPLE.serviceCode,
};
const SYSTEM = { actorrole: 'system', actorid: 'dolbom' } as const;
const outbound = { direction: 'outbound', channel: 'referralRequests', subject: 'data.referralId', key: 'data.caseId' } as const;

export const REFERRAL_OUTBOUND_EVENTS: readonly CatalogueEntry[] = [
  defineEvent({
    ...outbound,
    type: REFERRAL_OUTBOUND_TYPES.requested,
    summary: 'A referral is offered to a provider: accept or reject it before respondBy.',
    description:
      'Sent when Dolbom asks a provider to take a service line of an approved support plan (or an urgent link). ' +
      'Answer with kr.dolbom.provider.accepted.v1 or kr.dolbom.provider.rejected.v1 before `respondBy`; otherwise kr.dolbom.referral.expired.v1 follows and the next provider is asked. ' +
      'A referral may be requested again from you later (a new `attempt`), e.g. after a supervisor retry.',
    dataSchema: ReferralRequestedV1,
    examples: [
      {
        name: 'example',
        summary: 'In-home personal care, 3 visits a week for three months.',
        ...SYSTEM,
        time: EXAMPLE.at,
        data: {
          ...addressedExample,
          attempt: 1,
          domain: EXAMPLE.domain,
          quantity: { amount: 3, unit: 'visit', per: 'week' },
          period: { start: '2026-04-06', end: '2026-07-05' },
          districtCode: EXAMPLE.districtCode,
          dongCode: EXAMPLE.dongCode,
          recipientPseudoId: EXAMPLE.recipientPseudoId,
          method: 'visit',
          urgent: false,
          respondBy: '2026-04-06T09:00:00.000Z',
        },
      },
    ],
  }),
  defineEvent({
    ...outbound,
    type: REFERRAL_OUTBOUND_TYPES.expired,
    summary: 'No decision arrived before respondBy: the request is withdrawn from this provider.',
    description:
      'Sent to the provider whose deadline passed. Any later report from that provider on this referral is refused (`wrong-provider`).',
    dataSchema: ReferralExpiredV1,
    examples: [
      {
        name: 'example',
        summary: 'The first attempt expired.',
        ...SYSTEM,
        time: '2026-04-06T09:00:00.000Z',
        data: { ...addressedExample, attempt: 1 },
      },
    ],
  }),
  defineEvent({
    ...outbound,
    type: REFERRAL_OUTBOUND_TYPES.cancelled,
    summary: 'The referral was cancelled: do not start, or stop, the service.',
    description:
      'Sent to the provider asked or assigned when the caseworker cancels, the plan drops or replaces the line, the person withdraws consent or the case closes. Final.',
    dataSchema: ReferralCancelledV1,
    examples: [
      {
        name: 'example',
        summary: 'The plan changed.',
        actorrole: 'supervisor',
        actorid: EXAMPLE.supervisor,
        time: '2026-05-11T05:30:00.000Z',
        data: { ...addressedExample, reason: 'planChanged' },
      },
    ],
  }),
  defineEvent({
    ...outbound,
    type: REFERRAL_OUTBOUND_TYPES.amended,
    summary: 'The approved plan changed the quantity or period of the referral.',
    description:
      'Sent to the assigned provider when a revised plan keeps the line and its service but changes how much or how long. The new terms replace the old.',
    dataSchema: ReferralAmendedV1,
    examples: [
      {
        name: 'example',
        summary: 'Two visits a week instead of three, extended by a month.',
        actorrole: 'supervisor',
        actorid: EXAMPLE.supervisor,
        time: '2026-05-11T05:30:00.000Z',
        data: {
          ...addressedExample,
          quantity: { amount: 2, unit: 'visit', per: 'week' },
          period: { start: '2026-04-06', end: '2026-08-05' },
        },
      },
    ],
  }),
];
