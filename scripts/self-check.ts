/**
 * Proves the running system works end to end: runs the self-check workflow on the worker's task queue and
 * reads its event back from Kafka; lists the project's topics. Exits non-zero with the reason otherwise.
 */
import { connectTemporalClient } from '../platform/temporal-connection';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { bootstrap } from '../platform/bootstrap';
import { createDataConverter } from '../platform/data-converter';
import { selfCheckWorkflow } from '../workflows/self-check.workflow';

async function main(): Promise<void> {
  const { config, logger, kafka, topics } = await bootstrap('self-check');
  const admin = kafka.admin();
  await admin.connect();
  const projectTopics = (await admin.listTopics()).filter((t) => t.startsWith(config.KAFKA_TOPIC_PREFIX)).sort();
  await admin.disconnect();

  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config).dataConverter });
  const workflowId = `self-check-${randomUUID()}`;
  const result = await client.workflow.execute(selfCheckWorkflow, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId,
    workflowExecutionTimeout: '2 minutes',
  });
  await connection.close();

  const consumer = kafka.consumer({ groupId: `self-check-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.caseEvents, fromBeginning: true });
  const found = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 30000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === workflowId) {
          clearTimeout(timer);
          resolve(true);
        }
      },
    });
  });
  await consumer.disconnect();
  if (!found) throw new Error(`self-check event ${result.eventId} was not read back from ${topics.caseEvents}`);
  logger.info({ workflowId, eventId: result.eventId, topics: projectTopics }, 'self-check passed: worker, activity and Kafka all work');
}

main().then(
  () => process.exit(0), // the Temporal runtime keeps the event loop alive otherwise
  (err: unknown) => {
    process.stderr.write(`self-check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
