/**
 * A referral's steps as its workflow records them (workflows/referral/referral.workflow.ts `record`): the step's
 * name and its coded details. Both its status event on the case topic (case-lifecycle.ts) and the audit store's
 * entry for the step (audit/step-entry.ts) carry them.
 */
import { z } from 'zod';
import { PROVIDER_REPORTS } from '../../domain/referral/referral-lifecycle';
import { DeclineReason } from '../../domain/codes';
import { ESCALATION_RESOLUTIONS } from '../../domain/vocabulary';
import { Attempt, Code, IsoDateTime, Period, ProviderId, Quantity } from './common';
import { ReferralCancelReason } from './referral-outbound';

/** Steps of a referral, each audited. */
export const REFERRAL_AUDIT_ACTIONS = [
  'requested',
  'expired',
  'cancelled',
  'amended',
  'escalated',
  'escalationResolved',
  ...PROVIDER_REPORTS.map((r) => `provider.${r}` as const),
] as const;
export const ReferralStepAction = z.enum(REFERRAL_AUDIT_ACTIONS);

/** A referral step's coded details. */
export const REFERRAL_STEP_DETAILS = [
  z.strictObject({ attempt: Attempt, providerId: ProviderId, respondBy: IsoDateTime }).describe('requested'),
  z.strictObject({ attempt: Attempt, providerId: ProviderId }).describe('expired'),
  z.strictObject({ reason: ReferralCancelReason }).describe('cancelled'),
  z.strictObject({ quantity: Quantity, period: Period }).describe('amended'),
  z.strictObject({ tried: z.array(ProviderId).max(100) }).describe('escalated'),
  z.strictObject({ resolution: z.enum(ESCALATION_RESOLUTIONS), providerId: ProviderId.optional() }).describe('escalationResolved'),
  z
    .strictObject({
      declineReason: DeclineReason.optional(),
      change: z.strictObject({ quantity: Quantity.optional(), period: Period.optional(), code: Code.optional() }).optional(),
    })
    .describe('provider.<report>'),
] as const;
export const ReferralStepDetails = z.union(REFERRAL_STEP_DETAILS);
