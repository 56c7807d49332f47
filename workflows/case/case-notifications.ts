/**
 * What a referral tells its case: sent by the child to the parent (by workflow id, so it reaches the case's
 * current run across continue-as-new). What the case does with it: domain/case/referral-notices.ts.
 */
import { defineSignal } from '@temporalio/workflow';
import type { ReferralStatusChanged } from '../../domain/case/referral-notices';

export const referralStatusChangedSignal = defineSignal<[ReferralStatusChanged]>('referralStatusChanged');
