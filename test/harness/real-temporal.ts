/**
 * The real Temporal dev server for integration tests: a client, and a worker on a unique task queue running
 * the shared workflow bundle with the real activities over the suite's Kafka topics.
 */
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { PROVIDER_DIRECTORY } from '../../domain/providers/directory';
import { createActivities, type Activities } from '../../workers/activities';
import { caseWorkflowId } from '../../domain/case/case-state';
import type { CaseIntake } from '../../domain/case/case-inputs';
import type { caseWorkflow } from '../../workflows/case/case.workflow';
import { uniqueId } from './ids';
import { testLogger, type TestKafka } from './kafka';
import { testSettings } from './settings';
import { testAuditSealer, testCodec, testDataConverter } from './test-codec';
import { createCaseStatePublisher } from '../../workers/case-state-sink';
import { workflowBundle } from './workflow-bundle';

export interface RealTemporal {
  client: Client;
  taskQueue: string;
  worker: Worker;
  /** Stops the worker only (the server and client stay): "the worker is down". */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** What a suite may change in the worker: activities replaced (a decision period of seconds instead of days). */
export interface RealTemporalOptions {
  activities?: Partial<Activities>;
}

export async function startRealTemporal(
  name: string,
  kafka: TestKafka,
  taskQueue = uniqueId(name),
  opts: RealTemporalOptions = {},
): Promise<RealTemporal> {
  const s = testSettings();
  const connection = await Connection.connect({ address: s.temporalAddress });
  const nativeConnection = await NativeConnection.connect({ address: s.temporalAddress });
  const client = new Client({ connection, namespace: s.namespace, dataConverter: testDataConverter });
  // The case's state goes to the read model's topic as in production (workers/case-state-sink.ts).
  const caseStates = createCaseStatePublisher({
    producer: kafka.cacheProducer,
    topic: kafka.topics.caseState,
    codec: testCodec,
    logger: testLogger,
  });
  const worker = await Worker.create({
    connection: nativeConnection,
    sinks: caseStates.sinks,
    namespace: s.namespace,
    taskQueue,
    workflowBundle: workflowBundle(),
    dataConverter: testDataConverter,
    activities: {
      ...createActivities({
        producer: kafka.producer,
        topics: kafka.topics,
        directory: PROVIDER_DIRECTORY,
        policyOverrides: {},
        connectedProviders: kafka.connectedProviders,
        auditSealer: testAuditSealer,
      }),
      ...opts.activities,
    },
  });
  const running = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await caseStates.stop();
  };
  return {
    client,
    taskQueue,
    worker,
    stopWorker,
    async close() {
      await stopWorker();
      await connection.close();
      await nativeConnection.close();
    },
  };
}

export function startCaseOn(t: RealTemporal, intake: CaseIntake): Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>> {
  return t.client.workflow.start('caseWorkflow', {
    taskQueue: t.taskQueue,
    workflowId: caseWorkflowId(intake.recipientPseudoId),
    args: [{ intake }],
  }) as Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>>;
}
