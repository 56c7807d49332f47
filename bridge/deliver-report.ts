/**
 * Delivers a provider's report to its referral workflow as an update, and says what happened: applied,
 * a duplicate (same event id: applied once already), or refused with a dead-letter reason. Only Temporal
 * being unreachable or slow (see `isTransientTemporalError`) is thrown: the caller retries, and the Kafka
 * offset stays uncommitted. Anything else Temporal answers with is final and becomes a refusal, so one message
 * can never hold a partition: a workflow that refuses the update for any reason, an id that names a workflow
 * that is not a referral (a case id), an id Temporal will not take.
 * Used by the Kafka bridge and by the provider API alike, so both paths have the same effect.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AccessScope } from '../domain/access';
import { deadLetterReasonForFailure, type DeadLetterReason } from '../events/schemas/dead-letter';
import { providerReportUpdate, type ProviderReportInput, type ReferralState } from '../workflows/referral/referral.messages';

export type DeliveryOutcome =
  | { outcome: 'applied'; status: string }
  | { outcome: 'duplicate'; status: string }
  | { outcome: 'refused'; reason: DeadLetterReason; detail: string };

/** The workflow type every referral runs (workflows/referral/referral.workflow.ts). */
export const REFERRAL_WORKFLOW_TYPE = 'referralWorkflow';

/** gRPC codes after which the same call may succeed later: Temporal unreachable, overloaded or slow. */
const TRANSIENT_GRPC_CODES = new Set([
  1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 10 /* ABORTED */, 13 /* INTERNAL */, 14 /* UNAVAILABLE */,
]);

/** True when retrying may help: a transient gRPC status, an update poll that timed out, or no gRPC answer at all. */
export function isTransientTemporalError(err: unknown): boolean {
  let sawGrpcCode = false;
  for (
    let e = err as { code?: unknown; cause?: unknown; name?: string } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (e.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
    if (typeof e.code === 'number') {
      sawGrpcCode = true;
      if (TRANSIENT_GRPC_CODES.has(e.code)) return true;
    }
  }
  return !sawGrpcCode; // a connection error carries no gRPC status: Temporal is unreachable
}

/**
 * `scope` says who delivers (domain/access.ts reportScopeRefusal): the provider's own verified scope (provider API)
 * or the system scope of the process that verified the provider (the Kafka bridge, BRIDGE_SCOPE).
 */
export async function deliverProviderReport(
  client: Client,
  referralId: string,
  report: ProviderReportInput,
  scope: AccessScope,
): Promise<DeliveryOutcome> {
  const handle = client.workflow.getHandle(referralId);
  try {
    // De-duplication by event id happens in the workflow (it survives continue-as-new and tells duplicates apart).
    const result = await handle.executeUpdate(providerReportUpdate, { args: [report, scope] });
    return result.applied ? { outcome: 'applied', status: result.status } : { outcome: 'duplicate', status: result.status };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const type = err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
      const reason = deadLetterReasonForFailure(type);
      if (reason) return { outcome: 'refused', reason, detail: err.cause!.message };
      // Refused by something other than the referral's own rules: most often the id names a running workflow
      // that is not a referral (a case id), which has no handler for the update.
      if (await isOtherWorkflowType(client, referralId))
        return { outcome: 'refused', reason: 'not-a-referral', detail: `${referralId} is not a referral` };
      return {
        outcome: 'refused',
        reason: 'update-refused',
        detail: `the referral refused the report: ${err.cause?.message ?? err.message}`,
      };
    }
    if (err instanceof WorkflowNotFoundError || isNotFound(err)) {
      const finished = await finishedReferral(client, referralId);
      if (finished === 'none') return { outcome: 'refused', reason: 'unknown-referral', detail: `no referral ${referralId}` };
      if (finished === 'other-type') return { outcome: 'refused', reason: 'not-a-referral', detail: `${referralId} is not a referral` };
      // A redelivery of a report the referral applied before it finished is a duplicate, not a refusal.
      if (finished.appliedEventIds?.includes(report.eventId)) return { outcome: 'duplicate', status: finished.status ?? 'completed' };
      return { outcome: 'refused', reason: 'referral-closed', detail: `referral ${referralId} has finished` };
    }
    if (isTransientTemporalError(err)) throw err;
    // Temporal answered, and will answer the same again (an id it refuses, a namespace rule): final.
    return { outcome: 'refused', reason: 'update-refused', detail: `Temporal refused the report: ${(err as Error).message}` };
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; cause?: { code?: number } };
  return e?.code === 5 || e?.cause?.code === 5; // gRPC NOT_FOUND
}

async function isOtherWorkflowType(client: Client, id: string): Promise<boolean> {
  const d = await client.workflow.getHandle(id).describe();
  return d.type !== REFERRAL_WORKFLOW_TYPE;
}

/** The final state of a referral workflow that has finished; 'none' when there is no such workflow at all. */
async function finishedReferral(client: Client, referralId: string): Promise<Partial<ReferralState> | 'none' | 'other-type'> {
  try {
    const handle = client.workflow.getHandle(referralId);
    const d = await handle.describe();
    if (d.type !== REFERRAL_WORKFLOW_TYPE) return 'other-type';
    if (d.status.name === 'RUNNING') return 'none';
    return d.status.name === 'COMPLETED' ? ((await handle.result()) as ReferralState) : {};
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || isNotFound(err)) return 'none';
    throw err;
  }
}
