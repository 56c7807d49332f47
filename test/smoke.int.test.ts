/**
 * End-to-end smoke test on the real servers: a worker on a unique task queue runs a workflow whose activity
 * publishes a Kafka event, and a consumer reads that event back.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { PROVIDER_DIRECTORY } from '../domain/providers/directory';
import { SELF_CHECK_EVENT_TYPE } from '../domain/vocabulary';
import { selfCheckWorkflow } from '../workflows/self-check.workflow';
import { createCaseWorker } from '../workers/create-worker';
import { uniqueId } from './harness/ids';
import { createTestKafka, readTopic, type TestKafka } from './harness/kafka';
import { testSettings } from './harness/settings';
import { workflowBundle } from './harness/workflow-bundle';
import { testAuditSealer } from './harness/test-codec';

describe('smoke: Temporal worker -> activity -> Kafka -> consumer', () => {
  const s = testSettings();
  let kafka: TestKafka;
  let nativeConnection: NativeConnection;
  let connection: Connection;

  beforeAll(async () => {
    kafka = await createTestKafka('smoke');
    nativeConnection = await NativeConnection.connect({ address: s.temporalAddress });
    connection = await Connection.connect({ address: s.temporalAddress });
  });
  afterAll(async () => {
    await kafka.close();
    await connection.close();
    await nativeConnection.close();
  });

  it('publishes the event from an activity and a consumer reads it back', async () => {
    const taskQueue = uniqueId('smoke');
    const worker: Worker = await createCaseWorker({
      connection: nativeConnection,
      namespace: s.namespace,
      taskQueue,
      clients: {
        producer: kafka.producer,
        topics: kafka.topics,
        directory: PROVIDER_DIRECTORY,
        policyOverrides: {},
        auditSealer: testAuditSealer,
      },
      workflowBundle: workflowBundle(),
    });
    const client = new Client({ connection, namespace: s.namespace });
    const workflowId = uniqueId('self-check');
    const result = await worker.runUntil(client.workflow.execute(selfCheckWorkflow, { taskQueue, workflowId }));
    expect(result.topic).toBe(kafka.topics.caseEvents);

    const messages = await readTopic(kafka.kafka, kafka.topics.caseEvents, (ms) => ms.some((m) => m.key?.toString() === workflowId));
    const event = JSON.parse(messages.find((m) => m.key?.toString() === workflowId)!.value!.toString());
    expect(event).toMatchObject({
      specversion: '1.0',
      id: result.eventId,
      type: SELF_CHECK_EVENT_TYPE,
      subject: workflowId,
      data: { check: 'ok' },
    });
  });
});
