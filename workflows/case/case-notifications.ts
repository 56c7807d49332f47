/**
 * What a referral tells its case: sent by the child to the parent (by workflow id, so it reaches the case's
 * current run across continue-as-new).
 */
import { defineSignal } from '@temporalio/workflow';
import type { DeclineReason, TaskStatus } from '../../domain/codes';

export interface ReferralStatusChanged {
  referralId: string;
  lineId: string;
  status: TaskStatus;
  providerId?: string;
  /** Set when every provider tried declined or let the deadline pass: the supervisor must act. */
  escalated: boolean;
  respondBy?: string;
  declineReason?: DeclineReason;
  /** The current attempt's number. */
  attempt?: number;
  at: string;
  seq: number;
}
export const referralStatusChangedSignal = defineSignal<[ReferralStatusChanged]>('referralStatusChanged');
