/**
 * The Temporal worker for cases and referrals. Workflow code comes either from a prebuilt bundle (tests share
 * one) or from the workflows folder (bundled at start).
 */
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityClients } from './activities';
import { PRELOADED_MODULES } from '../platform/workflow-preload';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  clients: ActivityClients;
  workflowBundle?: WorkerOptions['workflowBundle'];
  dataConverter?: DataConverter;
  tuning?: Partial<
    Pick<WorkerOptions, 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows'>
  >;
}

export async function createCaseWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const code = opts.workflowBundle
    ? { workflowBundle: opts.workflowBundle }
    : { workflowsPath: require.resolve('../workflows'), bundlerOptions: { preloadModules: [...PRELOADED_MODULES] } };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.clients),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    ...code,
    ...opts.tuning,
  });
}
