/**
 * Messages of the referral workflow, defined once and imported by the case workflow, the bridge and tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import { sharedInWorkflows } from '../../domain/shared';
import { CareDomain, DeclineReason, type TaskStatus } from '../../domain/codes';
import { PROVIDER_REPORTS } from '../../domain/referral/referral-lifecycle';
import type { Policy } from '../../domain/policy';
import type { CancelReferralInput, EscalationResolution } from '../../domain/case/case-step';
import type { ProviderReportFacts } from '../../domain/referral/provider-report';
import type { AccessScope } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import { Period, Quantity } from '../../domain/service-shapes';
import type { TimelineEntry } from '../../domain/timeline';
import type { ServiceMethod } from '../../domain/vocabulary';

export interface ReferralInput {
  referralId: string;
  caseId: string;
  lineId: string;
  serviceCode: string;
  domain: CareDomain;
  quantity: Quantity;
  period: Period;
  /** How the service is delivered (Rule Form 2), from the plan line; absent in referrals started before it. */
  method?: ServiceMethod;
  districtCode: string;
  dongCode: string;
  recipientPseudoId: string;
  urgent: boolean;
  preferredProviderId?: string;
  policy: Pick<Policy, 'providerDecisionBusinessDays' | 'maxProvidersBeforeEscalation' | 'extraHolidays'>;
  /** Carried across continue-as-new. */
  state?: ReferralState;
}

export interface ReferralAttempt {
  attempt: number;
  providerId: string;
  requestedAt: string;
  respondBy: string;
  outcome?: 'accepted' | 'rejected' | 'expired' | 'cancelled';
  declineReason?: DeclineReason;
  at?: string;
}

export interface ReferralState {
  referralId: string;
  caseId: string;
  lineId: string;
  serviceCode: string;
  domain: CareDomain;
  status: TaskStatus;
  providerId?: string;
  attempts: ReferralAttempt[];
  escalated: boolean;
  urgent: boolean;
  quantity: Quantity;
  period: Period;
  respondBy?: string;
  /**
   * The name providers know the person by in this referral only (Act Art. 14, Decree Art. 9, PIPA Art. 3: only
   * what is needed): random, so no two referrals, and no provider and the case, share it. Absent before the patch
   * `referral-pseudonym-per-referral`, whose referrals still send the case's pseudonym.
   */
  referralPseudonym?: string;
  appliedEventIds: string[];
  timeline: TimelineEntry[];
}

/** A provider's report (from Kafka through the bridge, or from the API), in the FHIR Task vocabulary. */
export type ProviderReportInput = z.infer<typeof ProviderReportInput>;

export type ProviderReportResult = { applied: true; status: TaskStatus } | { applied: false; duplicate: true; status: TaskStatus };

/**
 * The report, and who delivers it (domain/access.ts reportScopeRefusal): the provider's verified scope (provider
 * API) or the system scope of the process that verified it (the Kafka bridge). Required; read by the validator
 * only, so reports recorded before it was required replay.
 */
export const providerReportUpdate = defineUpdate<ProviderReportResult, [ProviderReportInput, AccessScope]>('providerReport');

/** From the case workflow: cancel (by the caseworker, on plan change or consent withdrawal). */
export const cancelReferralSignal = defineSignal<[CancelReferralInput]>('cancelReferral');

/** From the case workflow: the approved plan changed this line's terms. */
export const amendReferralSignal = defineSignal<[{ actor: Actor; quantity: Quantity; period: Period }]>('amendReferral');

/** From the case workflow: the supervisor's answer to an escalation. */
export const resolveEscalationSignal = defineSignal<[EscalationResolution]>('resolveEscalation');

export const referralStateQuery = defineQuery<ReferralState>('referralState');

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { ProviderReportInput } = sharedInWorkflows('workflows/referral.messages', (z) => {
  const ProviderReportInput = z.strictObject({
    /** The id of the event that carried it: the same id is applied once. */
    eventId: z.string().min(1).max(128),
    providerId: z.string().min(1),
    report: z.enum(PROVIDER_REPORTS),
    /** The request attempt answered, when the provider says: an answer to an older request is refused. */
    attempt: z.int().min(1).optional(),
    declineReason: DeclineReason.optional(),
    /** Coded change details (schedule, quantity); never free-text health notes. */
    change: z.strictObject({ quantity: Quantity.optional(), period: Period.optional(), code: z.string().max(64).optional() }).optional(),
    occurredAt: z.iso.datetime({ offset: true }),
  }) satisfies z.ZodType<ProviderReportFacts>; // the shape's one home: domain/referral/provider-report.ts
  return { ProviderReportInput };
});
