/**
 * The Temporal worker for cases and referrals. Workflow code comes either from a prebuilt bundle (tests share
 * one) or is bundled at start, in a child process (workers/workflow-bundle.ts).
 */
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityClients } from './activities';
import { bundleInChildProcess } from './workflow-bundle';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  clients: ActivityClients;
  workflowBundle?: WorkerOptions['workflowBundle'];
  dataConverter?: DataConverter;
  /** The case workflow's state sink (workers/case-state-sink.ts). */
  sinks?: WorkerOptions['sinks'];
  tuning?: Partial<
    Pick<
      WorkerOptions,
      | 'maxConcurrentWorkflowTaskExecutions'
      | 'maxConcurrentActivityTaskExecutions'
      | 'maxCachedWorkflows'
      | 'nonStickyToStickyPollRatio'
      | 'workflowThreadPoolSize'
    >
  >;
}

export async function createCaseWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const built = opts.workflowBundle ? undefined : await bundleInChildProcess();
  try {
    return await Worker.create({
      connection: opts.connection,
      namespace: opts.namespace,
      taskQueue: opts.taskQueue,
      activities: createActivities(opts.clients),
      ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
      ...(opts.sinks ? { sinks: opts.sinks } : {}),
      workflowBundle: opts.workflowBundle ?? { codePath: built!.codePath },
      ...opts.tuning,
    });
  } finally {
    built?.dispose();
  }
}
