/**
 * The baseline: a bare Temporal workflow with the shape of a Dolbom case and nothing else. The parent does k
 * no-op activities (one share at start, one after each update), receives u updates from the driver, then
 * starts m children; each child does j no-op activities, signals the parent, takes its own update(s) (as a
 * referral takes the provider's answer), then does the rest of its activities and signals. The parent is done
 * when every child's signals are in. No domain logic, no Kafka, no encryption.
 *
 * So that the driver never has to poll for a child to exist or be ready (which would load the server with
 * refused calls), the parent's last update completes once the children are started, and a child's update
 * handler waits until the child is ready for it. Neither adds a history event.
 */
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { ACTIVITY_START_TO_CLOSE } from '../workflows/activity-timeouts';

export interface BaselineShape {
  parentActivities: number;
  parentUpdates: number;
  children: number;
  childActivities: number;
  childUpdates: number;
  childSignals: number;
}

export interface BaselineProgress {
  updates: number;
  signals: number;
  done: boolean;
}

// Dolbom's activity timeout, so the timeout timers of a phase's activities fire within it, as Dolbom's do.
const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: ACTIVITY_START_TO_CLOSE });

export const stepUpdate = defineUpdate<number>('step');
export const childReportUpdate = defineUpdate<number>('report');
export const childStatusSignal = defineSignal<[number]>('childStatus');
export const progressQuery = defineQuery<BaselineProgress>('progress');

/** n spread over `steps`: equal shares, the remainder on the first step. */
function shares(n: number, steps: number): number[] {
  const each = Math.floor(n / steps);
  return Array.from({ length: steps }, (_, i) => each + (i === 0 ? n - each * steps : 0));
}

async function activities(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await noop();
}

export async function baselineParent(shape: BaselineShape): Promise<BaselineProgress> {
  let updates = 0;
  let signals = 0;
  const expected = shape.children * shape.childSignals;
  const progress = (): BaselineProgress => ({ updates, signals, done: signals >= expected && updates >= shape.parentUpdates });
  let childrenStarted = false;
  setHandler(stepUpdate, async () => {
    const n = ++updates;
    if (n === shape.parentUpdates) await condition(() => childrenStarted);
    return n;
  });
  setHandler(childStatusSignal, () => void (signals += 1));
  setHandler(progressQuery, progress);

  const work = shares(shape.parentActivities, shape.parentUpdates + 1);
  await activities(work[0]!);
  for (let step = 1; step <= shape.parentUpdates; step++) {
    await condition(() => updates >= step);
    await activities(work[step]!);
  }
  const id = workflowInfo().workflowId;
  for (let c = 0; c < shape.children; c++) {
    await startChild(baselineChild, {
      workflowId: `${id}-c${c}`,
      args: [{ parentId: id, shape }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
  childrenStarted = true;
  await condition(() => signals >= expected);
  return progress();
}

export async function baselineChild({ parentId, shape }: { parentId: string; shape: BaselineShape }): Promise<number> {
  let reports = 0;
  let waiting = false;
  setHandler(childReportUpdate, async () => {
    await condition(() => waiting);
    return ++reports;
  });
  const parent = getExternalWorkflowHandle(parentId);
  const work = shares(shape.childActivities, shape.childUpdates + 1);
  const signals = shares(shape.childSignals, shape.childUpdates + 1);
  await activities(work[0]!);
  waiting = true;
  for (let s = 0; s < signals[0]!; s++) await parent.signal(childStatusSignal, 0);
  for (let step = 1; step <= shape.childUpdates; step++) {
    await condition(() => reports >= step);
    await activities(work[step]!);
    for (let s = 0; s < signals[step]!; s++) await parent.signal(childStatusSignal, step);
  }
  return reports;
}
