/**
 * Delivers a provider's report to its referral workflow as an update, and says what happened: applied,
 * a duplicate (same event id: applied once already), or refused with a dead-letter reason. Anything else
 * (Temporal unreachable, a timeout) is thrown: the caller retries, and the Kafka offset stays uncommitted.
 * Used by the Kafka bridge and by the provider API alike, so both paths have the same effect.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { deadLetterReasonForFailure, type DeadLetterReason } from '../events/schemas/dead-letter';
import { providerReportUpdate, type ProviderReportInput, type ReferralState } from '../workflows/referral/referral.messages';

export type DeliveryOutcome =
  | { outcome: 'applied'; status: string }
  | { outcome: 'duplicate'; status: string }
  | { outcome: 'refused'; reason: DeadLetterReason; detail: string };

export async function deliverProviderReport(client: Client, referralId: string, report: ProviderReportInput): Promise<DeliveryOutcome> {
  const handle = client.workflow.getHandle(referralId);
  try {
    // De-duplication by event id happens in the workflow (it survives continue-as-new and tells duplicates apart).
    const result = await handle.executeUpdate(providerReportUpdate, { args: [report] });
    return result.applied ? { outcome: 'applied', status: result.status } : { outcome: 'duplicate', status: result.status };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const reason = deadLetterReasonForFailure(err.cause.type);
      if (reason) return { outcome: 'refused', reason, detail: err.cause.message };
    }
    if (err instanceof WorkflowNotFoundError || isNotFound(err)) {
      const finished = await finishedReferral(client, referralId);
      if (!finished) return { outcome: 'refused', reason: 'unknown-referral', detail: `no referral ${referralId}` };
      // A redelivery of a report the referral applied before it finished is a duplicate, not a refusal.
      if (finished.appliedEventIds?.includes(report.eventId)) return { outcome: 'duplicate', status: finished.status ?? 'completed' };
      return { outcome: 'refused', reason: 'referral-closed', detail: `referral ${referralId} has finished` };
    }
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; cause?: { code?: number } };
  return e?.code === 5 || e?.cause?.code === 5; // gRPC NOT_FOUND
}

/** The final state of a referral workflow that has finished, or undefined when there is no such referral. */
async function finishedReferral(client: Client, referralId: string): Promise<Partial<ReferralState> | undefined> {
  try {
    const handle = client.workflow.getHandle(referralId);
    const d = await handle.describe();
    if (d.status.name === 'RUNNING') return undefined;
    return d.status.name === 'COMPLETED' ? ((await handle.result()) as ReferralState) : {};
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || isNotFound(err)) return undefined;
    throw err;
  }
}
