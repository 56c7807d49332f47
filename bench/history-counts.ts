/**
 * What one Dolbom case costs Temporal, counted from its history and its referral children's: activities
 * scheduled, children started, signals received, updates accepted (and, for context, local-activity markers,
 * timers and all events). The baseline workflow does the same numbers of each.
 */
import type { Client } from '@temporalio/client';
import type { BaselineShape } from './baseline.workflow';

export interface HistoryCounts {
  events: number;
  activitiesScheduled: number;
  childrenStarted: number;
  signalsReceived: number;
  signalsSent: number;
  updatesAccepted: number;
  localActivityMarkers: number;
  timersStarted: number;
  workflowTasksCompleted: number;
}

export async function countHistory(client: Client, workflowId: string): Promise<HistoryCounts> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const c: HistoryCounts = {
    events: 0,
    activitiesScheduled: 0,
    childrenStarted: 0,
    signalsReceived: 0,
    signalsSent: 0,
    updatesAccepted: 0,
    localActivityMarkers: 0,
    timersStarted: 0,
    workflowTasksCompleted: 0,
  };
  for (const e of history.events ?? []) {
    c.events += 1;
    if (e.activityTaskScheduledEventAttributes) c.activitiesScheduled += 1;
    if (e.startChildWorkflowExecutionInitiatedEventAttributes) c.childrenStarted += 1;
    if (e.workflowExecutionSignaledEventAttributes) c.signalsReceived += 1;
    if (e.signalExternalWorkflowExecutionInitiatedEventAttributes) c.signalsSent += 1;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) c.updatesAccepted += 1;
    if (e.markerRecordedEventAttributes) c.localActivityMarkers += 1;
    if (e.timerStartedEventAttributes) c.timersStarted += 1;
    if (e.workflowTaskCompletedEventAttributes) c.workflowTasksCompleted += 1;
  }
  return c;
}

export interface CaseCounts {
  caseId: string;
  case: HistoryCounts;
  referrals: Record<string, HistoryCounts>;
  /** Sums over the case and its referrals. */
  total: HistoryCounts;
}

export async function countCase(client: Client, caseId: string, referralIds: readonly string[]): Promise<CaseCounts> {
  const own = await countHistory(client, caseId);
  const referrals = Object.fromEntries(await Promise.all(referralIds.map(async (id) => [id, await countHistory(client, id)] as const)));
  const total = { ...own };
  for (const r of Object.values(referrals)) for (const k of Object.keys(total) as (keyof HistoryCounts)[]) total[k] += r[k];
  return { caseId, case: own, referrals, total };
}

/**
 * The baseline's shape from counted cases (rounded means: a case's activity count varies by one or two,
 * since a step's events are published in one batch when they queue up while an earlier batch is sent).
 */
export function shapeFrom(cases: readonly CaseCounts[]): BaselineShape {
  const mean = (f: (c: CaseCounts) => number) => Math.round(cases.reduce((s, c) => s + f(c), 0) / cases.length);
  const perReferral = (c: CaseCounts, k: keyof HistoryCounts) => {
    const refs = Object.values(c.referrals);
    return refs.reduce((s, r) => s + r[k], 0) / Math.max(1, refs.length);
  };
  const children = mean((c) => c.case.childrenStarted);
  return {
    parentActivities: mean((c) => c.case.activitiesScheduled),
    parentUpdates: mean((c) => c.case.updatesAccepted),
    children,
    childActivities: mean((c) => perReferral(c, 'activitiesScheduled')),
    childUpdates: mean((c) => perReferral(c, 'updatesAccepted')),
    // Signals the case received, spread over its children (they are the ones who send them).
    childSignals: mean((c) => c.case.signalsReceived / Math.max(1, c.case.childrenStarted)),
  };
}
