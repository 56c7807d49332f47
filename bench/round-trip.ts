/**
 * Where the referral round trip goes, from the histories of the sampled referrals and their cases (Temporal
 * event times and the bench's clock are the same machine's clock):
 *   publish -> referral task scheduled   the response through Kafka and the bridge, and the update's call
 *   referral task scheduled -> started   the task waiting for the worker (its queue and its pollers)
 *   referral task started -> accepted    the worker running the task: the report applied, the case's signal sent,
 *                                        and the same notice handed to the worker's sink
 *   accepted -> read                     the notice on the case-state topic, applied by the API's read model
 *                                        (api/case-read-model.ts), the stream's change, and a read of
 *                                        GET /cases/:id that shows it
 *   accepted -> case task done           off the path, for comparison: the case's own task, whose state the read
 *                                        would wait for without the notice (workflows/case/case-notifications.ts)
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { RoundTripObservation } from './dolbom-path';
import { summarize, type Summary } from './stats';

export const SEGMENTS = [
  'publish -> referral task scheduled',
  'referral task scheduled -> started',
  'referral task started -> accepted',
  'accepted -> read',
  'accepted -> case task done (off the path)',
] as const;
export type Segment = (typeof SEGMENTS)[number];

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

function eventMs(e: HistoryEvent): number {
  const t = e.eventTime;
  if (!t) return NaN;
  const seconds = typeof t.seconds === 'number' ? t.seconds : Number(t.seconds?.toString() ?? 0);
  return seconds * 1000 + (t.nanos ?? 0) / 1e6;
}

/** One sampled referral's round trip, split into the segments above. */
export interface RoundTripAnatomy {
  referralId: string;
  /** Send to the read that showed it (the bench's round trip). */
  totalMs: number;
  segmentsMs: Record<Segment, number>;
}

export interface RoundTripBreakdown {
  referrals: number;
  withRepeatedReports: number;
  segmentsMs: Record<Segment, Summary>;
  /** The slowest round trips of the run, sampled above or not: what the tail is made of. */
  slowest: RoundTripAnatomy[];
}

export async function roundTripBreakdown(
  client: Client,
  observations: readonly RoundTripObservation[],
  limit = 60,
  slowest = 5,
): Promise<RoundTripBreakdown> {
  // Each history fetched once, though the sampled and the slowest overlap and run concurrently.
  const histories = new Map<string, Promise<HistoryEvent[]>>();
  const history = (workflowId: string) => {
    let h = histories.get(workflowId);
    if (!h)
      histories.set(
        workflowId,
        (h = client.workflow
          .getHandle(workflowId)
          .fetchHistory()
          .then((x) => x.events ?? [])),
      );
    return h;
  };
  const repeated = new Set<string>();
  const anatomy = async (o: RoundTripObservation): Promise<RoundTripAnatomy | undefined> => {
    const [caseEvents, ref] = await Promise.all([history(o.caseId), history(o.referralId)]);
    if (ref.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length > 1) repeated.add(o.referralId);
    const u = ref.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    if (u < 0) return undefined;
    const updateAt = eventMs(ref[u]!);
    // The task that accepted the update: the last one scheduled and started before its acceptance.
    const before = ref.slice(0, u).reverse();
    const scheduled = before.find((e) => e.workflowTaskScheduledEventAttributes);
    const started = before.find((e) => e.workflowTaskStartedEventAttributes);
    const s = caseEvents.findIndex(
      (e) => e.workflowExecutionSignaledEventAttributes?.externalWorkflowExecution?.workflowId === o.referralId && eventMs(e) >= updateAt,
    );
    if (s < 0 || !scheduled || !started) return undefined;
    const caseTask = caseEvents.slice(s).find((e) => e.workflowTaskCompletedEventAttributes);
    if (!caseTask) return undefined;
    return {
      referralId: o.referralId,
      totalMs: o.seenAt - o.sendAt,
      segmentsMs: {
        'publish -> referral task scheduled': eventMs(scheduled) - o.sendAt,
        'referral task scheduled -> started': eventMs(started) - eventMs(scheduled),
        'referral task started -> accepted': updateAt - eventMs(started),
        'accepted -> read': o.seenAt - updateAt,
        'accepted -> case task done (off the path)': eventMs(caseTask) - updateAt,
      },
    };
  };
  const chosen = observations.slice(0, limit);
  const sampled = (await Promise.all(chosen.map(anatomy))).filter((a) => a !== undefined);
  const withRepeatedReports = chosen.filter((o) => repeated.has(o.referralId)).length;
  const tail = [...observations].sort((a, b) => b.seenAt - b.sendAt - (a.seenAt - a.sendAt)).slice(0, slowest);
  const slow = (await Promise.all(tail.map(anatomy))).filter((a) => a !== undefined);
  return {
    referrals: sampled.length,
    withRepeatedReports,
    segmentsMs: Object.fromEntries(SEGMENTS.map((seg) => [seg, summarize(sampled.map((a) => a.segmentsMs[seg]))])) as Record<
      Segment,
      Summary
    >,
    slowest: slow,
  };
}
