/**
 * What a referral tells its case: sent by the child to the parent (by workflow id, so it reaches the case's
 * current run across continue-as-new). What the case does with it: domain/case/referral-notices.ts.
 */
import { defineSignal, type Sinks } from '@temporalio/workflow';
import type { ReferralStatusChanged } from '../../domain/case/referral-notices';

export const referralStatusChangedSignal = defineSignal<[ReferralStatusChanged]>('referralStatusChanged');

/**
 * The same notice, handed to the worker as it is signalled (a sink: in no history, not called on replay), for the
 * API's read model: it applies the notice to the case's held state (api/case-read-model.ts), so a provider's answer
 * is readable without waiting for the case's own workflow task. workers/case-state-sink.ts publishes it on the
 * case-state topic, encrypted, keyed by the case.
 */
export interface ReferralNoticeSinks extends Sinks {
  referralNotice: { sent(caseId: string, notice: ReferralStatusChanged): void };
}
