/**
 * Which run a case's workflow id names now, remembered so the API's queries and updates go to that run.
 *
 * A call that names only the workflow id makes Temporal's history service look up the current run in its
 * database first (`GetCurrentExecution`; server v1.29.1 service/history/api/consistency_checker.go), and the
 * dev server's SQLite serves every persistence call through one connection. A call that names the run finds
 * the workflow in the server's cache. docs/performance.md has the before and after.
 *
 * A remembered run can have ended: the case continued as new (workflows/case/case.workflow.ts) or closed.
 * - A query names the run with `queryRejectCondition: NOT_OPEN`: an ended run rejects it, the run is
 *   forgotten, and the query goes to the workflow id (so a closed case still reads as before).
 * - An update to an ended run is refused as not found (nothing applied); it is forgotten and the update goes
 *   to the workflow id, with the same update id.
 * Only running runs are remembered: the runs this API started, and the run a describe finds for a case it has
 * not seen (learned in the background, never on the caller's path). An id whose run has ended is called by id
 * alone for a while (`ENDED_TTL_MS`) without describing it again: a closed case is read by id, as before.
 */
import { Client, QueryRejectedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';

/** How long an id found without a running run is called by id alone before it is described again. */
const ENDED_TTL_MS = 10 * 60_000;
/** Remembered for an id without a running run (lru-cache keeps no empty values). */
const NOT_RUNNING = '';

export interface WorkflowRuns {
  /** Runs `call` on a handle to the id's current run, or to the id alone when the run is not known or ended. */
  query<T>(workflowId: string, call: (handle: WorkflowHandle) => Promise<T>): Promise<T>;
  update<T>(workflowId: string, call: (handle: WorkflowHandle) => Promise<T>): Promise<T>;
  /** A run this process started. */
  started(workflowId: string, runId: string): void;
  /** How often calls named a run, went by id, found it ended, and learned it (read by the tests). */
  readonly stats: { pinned: number; unpinned: number; ended: number; described: number; learned: number };
}

export interface WorkflowRunsOptions {
  /** Runs remembered (least recently used dropped first); an entry is two ids. */
  max?: number;
  logger?: Logger;
}

export function createWorkflowRuns(client: Client, o: WorkflowRunsOptions = {}): WorkflowRuns {
  const runs = new LRUCache<string, string>({ max: o.max ?? 20_000 });
  const learning = new Set<string>();
  const stats = { pinned: 0, unpinned: 0, ended: 0, described: 0, learned: 0 };
  // Same connection, namespace, data converter and interceptors; only queries to ended runs are rejected.
  const openOnly = new Client({
    ...client.options,
    dataConverter: client.options.loadedDataConverter,
    workflow: { queryRejectCondition: 'NOT_OPEN' },
  });

  const learn = (workflowId: string) => {
    if (learning.has(workflowId)) return;
    learning.add(workflowId);
    stats.described += 1;
    void client.workflow
      .getHandle(workflowId)
      .describe()
      .then((d) => {
        if (d.status.name !== 'RUNNING') return void runs.set(workflowId, NOT_RUNNING, { ttl: ENDED_TTL_MS });
        runs.set(workflowId, d.runId);
        stats.learned += 1;
      })
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) runs.set(workflowId, NOT_RUNNING, { ttl: ENDED_TTL_MS });
        else o.logger?.debug({ err, workflowId }, 'could not learn the current run');
      })
      .finally(() => learning.delete(workflowId));
  };

  const unpinned = <T>(workflowId: string, call: (handle: WorkflowHandle) => Promise<T>) => {
    stats.unpinned += 1;
    return call(client.workflow.getHandle(workflowId));
  };

  /** The run has ended: call by id from now on, and describe the id to find its next run, if any. */
  const ended = (workflowId: string, runId: string) => {
    if (runs.get(workflowId) === runId) runs.delete(workflowId);
    stats.ended += 1;
    learn(workflowId);
  };

  /** The remembered run, or undefined after starting to learn it (NOT_RUNNING: call by id, learn nothing). */
  const runOf = (workflowId: string): string | undefined => {
    const runId = runs.get(workflowId);
    if (runId === undefined) learn(workflowId);
    return runId === NOT_RUNNING ? undefined : runId;
  };

  /**
   * `call` on a handle to the remembered run, made by `via`; when the run has ended (`endedBy` the error), the
   * run is forgotten and `call` goes by id. Nothing was applied to an ended run, so the retry is safe.
   */
  const onRun = async <T>(
    workflowId: string,
    call: (handle: WorkflowHandle) => Promise<T>,
    via: Client,
    endedBy: (err: unknown) => boolean,
  ): Promise<T> => {
    const runId = runOf(workflowId);
    if (runId === undefined) return unpinned(workflowId, call);
    try {
      stats.pinned += 1;
      return await call(via.workflow.getHandle(workflowId, runId));
    } catch (err) {
      if (!endedBy(err)) throw err;
      ended(workflowId, runId);
      return unpinned(workflowId, call);
    }
  };

  return {
    stats,
    started(workflowId, runId) {
      runs.set(workflowId, runId);
    },
    query: (workflowId, call) => onRun(workflowId, call, openOnly, (err) => err instanceof QueryRejectedError),
    update: (workflowId, call) => onRun(workflowId, call, client, (err) => err instanceof WorkflowNotFoundError),
  };
}
