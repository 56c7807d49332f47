/**
 * Where the referral round trip goes, from the histories of the sampled referrals and their cases (Temporal
 * event times and the bench's clock are the same machine's clock):
 *   publish -> update accepted   the response through Kafka and the bridge into the referral workflow
 *   update -> events published   the referral's publishEvents activity (status-changed and audit events)
 *   events -> case signalled     the referral's next workflow task signalling the case
 *   signalled -> seen by API     until a poll of GET /cases/:id (every 20 ms) shows it
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { RoundTripObservation } from './dolbom-path';
import { summarize, type Summary } from './stats';

export const SEGMENTS = [
  'publish -> update accepted',
  'update -> events published',
  'events -> case signalled',
  'signalled -> seen by API',
] as const;
export type Segment = (typeof SEGMENTS)[number];

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

function eventMs(e: HistoryEvent): number {
  const t = e.eventTime;
  if (!t) return NaN;
  const seconds = typeof t.seconds === 'number' ? t.seconds : Number(t.seconds?.toString() ?? 0);
  return seconds * 1000 + (t.nanos ?? 0) / 1e6;
}

export async function roundTripBreakdown(
  client: Client,
  observations: readonly RoundTripObservation[],
  limit = 60,
): Promise<{ referrals: number; withRepeatedReports: number; segmentsMs: Record<Segment, Summary> }> {
  const chosen = observations.slice(0, limit);
  const caseHistories = new Map<string, HistoryEvent[]>();
  const values: Record<Segment, number[]> = Object.fromEntries(SEGMENTS.map((s) => [s, []])) as unknown as Record<Segment, number[]>;
  let withRepeatedReports = 0;
  for (const o of chosen) {
    if (!caseHistories.has(o.caseId)) caseHistories.set(o.caseId, (await client.workflow.getHandle(o.caseId).fetchHistory()).events ?? []);
    const ref = (await client.workflow.getHandle(o.referralId).fetchHistory()).events ?? [];
    if (ref.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length > 1) withRepeatedReports += 1;
    const u = ref.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    if (u < 0) continue;
    const updateAt = eventMs(ref[u]!);
    const done = ref.slice(u).find((e) => e.activityTaskCompletedEventAttributes);
    const signalled = caseHistories
      .get(o.caseId)!
      .filter((e) => e.workflowExecutionSignaledEventAttributes?.externalWorkflowExecution?.workflowId === o.referralId)
      .map(eventMs)
      .filter((t) => t >= updateAt)
      .sort((a, b) => a - b)[0];
    if (!done || signalled === undefined) continue;
    const doneAt = eventMs(done);
    values['publish -> update accepted'].push(updateAt - o.sendAt);
    values['update -> events published'].push(doneAt - updateAt);
    values['events -> case signalled'].push(signalled - doneAt);
    values['signalled -> seen by API'].push(o.seenAt - signalled);
  }
  return {
    referrals: values['publish -> update accepted'].length,
    withRepeatedReports,
    segmentsMs: Object.fromEntries(SEGMENTS.map((s) => [s, summarize(values[s])])) as Record<Segment, Summary>,
  };
}
