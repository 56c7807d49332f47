/**
 * Where the referral round trip goes, from the histories of the sampled referrals and their cases (Temporal
 * event times and the bench's clock are the same machine's clock):
 *   publish -> update accepted   the response through Kafka and the bridge into the referral workflow
 *   update -> case signalled     the referral's next workflow task telling its case (the case hears before the
 *                                step's events are published: workflows/referral/referral.workflow.ts)
 *   case signalled -> read       until a read of GET /cases/:id, set off by a change on the case's stream (any
 *                                change: the case already knows), shows it
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { RoundTripObservation } from './dolbom-path';
import { summarize, type Summary } from './stats';

export const SEGMENTS = ['publish -> update accepted', 'update -> case signalled', 'case signalled -> read'] as const;
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
    const signalled = caseHistories
      .get(o.caseId)!
      .filter((e) => e.workflowExecutionSignaledEventAttributes?.externalWorkflowExecution?.workflowId === o.referralId)
      .map(eventMs)
      .filter((t) => t >= updateAt)
      .sort((a, b) => a - b)[0];
    if (signalled === undefined) continue;
    values['publish -> update accepted'].push(updateAt - o.sendAt);
    values['update -> case signalled'].push(signalled - updateAt);
    values['case signalled -> read'].push(o.seenAt - signalled);
  }
  return {
    referrals: values['publish -> update accepted'].length,
    withRepeatedReports,
    segmentsMs: Object.fromEntries(SEGMENTS.map((s) => [s, summarize(values[s])])) as Record<Segment, Summary>,
  };
}
