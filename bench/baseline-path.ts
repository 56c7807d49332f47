/**
 * Drives the baseline workflow like the Dolbom path drives a case: start, the parent's updates one after
 * another (the last returns once the children exist), each child's update at once (the child takes it when
 * it is ready, as a referral takes the provider's answer once it has asked), then a progress query every
 * 200 ms until the parent has every signal. A worker for it runs in this process on its own task queue,
 * with no-op activities. A child that cannot be found yet is retried every 20 ms (counted; expected 0).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { baselineParent, childReportUpdate, progressQuery, stepUpdate, type BaselineShape } from './baseline.workflow';
import type { LatencyRecorder } from './stats';
import { createPacer } from './pacer';

export const BASELINE_ACTIONS = ['start', 'parent update', 'child update', 'query (poll)'] as const;

export interface BaselinePhaseOptions {
  client: Client;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  runId: string;
  cases: number;
  concurrency: number;
  /** Cases started per second, when paced. */
  rate?: number;
  shape: BaselineShape;
  recorder: LatencyRecorder;
  pollMs: number;
  retryMs: number;
  caseTimeoutMs: number;
  onProgress(p: { done: number; failed: number; inFlight: number; startedAt?: number }): void;
}

export interface BaselinePhaseResult {
  startedAt: number;
  endedAt: number;
  doneAt: number[];
  caseMs: number[];
  failures: { index: number; error: string }[];
  childUpdateRetries: number;
  workflowIds: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed<T>(rec: LatencyRecorder, action: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    const v = await f();
    rec.record(action, performance.now() - t0);
    return v;
  } catch (err) {
    rec.fail(action);
    throw err;
  }
}

/** Creates (and bundles) the worker before the clock starts. */
export async function createBaselineWorker(o: Pick<BaselinePhaseOptions, 'connection' | 'namespace' | 'taskQueue'>): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowsPath: require.resolve('./baseline.workflow'),
    activities: { noop: async () => undefined },
  });
}

export async function runBaselinePhase(o: BaselinePhaseOptions): Promise<BaselinePhaseResult> {
  const result: BaselinePhaseResult = {
    startedAt: 0,
    endedAt: 0,
    doneAt: [],
    caseMs: [],
    failures: [],
    childUpdateRetries: 0,
    workflowIds: [],
  };
  let next = 0;
  let inFlight = 0;
  const report = () =>
    o.onProgress({ done: result.doneAt.length, failed: result.failures.length, inFlight, startedAt: result.startedAt || undefined });

  const updateChild = async (childId: string) => {
    const started = Date.now();
    for (;;) {
      const t0 = performance.now();
      try {
        await o.client.workflow.getHandle(childId).executeUpdate(childReportUpdate);
        o.recorder.record('child update', performance.now() - t0);
        return;
      } catch (err) {
        const notYet = err instanceof WorkflowNotFoundError || (err as { code?: number }).code === 5;
        if (!notYet) {
          o.recorder.fail('child update');
          throw err;
        }
        if (Date.now() - started > o.caseTimeoutMs) throw new Error(`child ${childId} never took its update: ${(err as Error).message}`);
        result.childUpdateRetries += 1;
        await sleep(o.retryMs);
      }
    }
  };

  const runCase = async (index: number) => {
    const t0 = Date.now();
    if (!result.startedAt) result.startedAt = t0;
    const workflowId = `bench-baseline-${o.runId}-${index}`;
    result.workflowIds.push(workflowId);
    const started = await timed(o.recorder, 'start', () =>
      o.client.workflow.start(baselineParent, { taskQueue: o.taskQueue, workflowId, args: [o.shape] }),
    );
    // Calls name the run it started, as the Dolbom API's do (api/workflow-runs.ts): no current-run lookup.
    const handle = o.client.workflow.getHandle<typeof baselineParent>(workflowId, started.firstExecutionRunId);
    for (let u = 0; u < o.shape.parentUpdates; u++) await timed(o.recorder, 'parent update', () => handle.executeUpdate(stepUpdate));
    const childUpdates: Promise<void>[] = [];
    for (let c = 0; c < o.shape.children; c++) {
      childUpdates.push(
        (async () => {
          for (let u = 0; u < o.shape.childUpdates; u++) await updateChild(`${workflowId}-c${c}`);
        })(),
      );
    }
    await Promise.all(childUpdates);
    for (;;) {
      const p = await timed(o.recorder, 'query (poll)', () => handle.query(progressQuery));
      if (p.done) break;
      if (Date.now() - t0 > o.caseTimeoutMs) throw new Error(`baseline case ${workflowId} not done: ${JSON.stringify(p)}`);
      await sleep(o.pollMs);
    }
    const end = Date.now();
    result.doneAt.push(end);
    result.caseMs.push(end - t0);
  };

  const pace = createPacer(o.rate);
  const lane = async () => {
    while (next < o.cases) {
      const index = next++;
      await pace(index);
      inFlight += 1;
      report();
      try {
        await runCase(index);
      } catch (err) {
        result.failures.push({ index, error: err instanceof Error ? err.message : String(err) });
      } finally {
        inFlight -= 1;
        report();
      }
    }
  };
  const ticker = setInterval(report, 500);
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.cases) }, lane));
  } finally {
    clearInterval(ticker);
  }
  result.endedAt = result.doneAt.length ? Math.max(...result.doneAt) : Date.now();
  return result;
}
