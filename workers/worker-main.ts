/**
 * The worker process: runs case and referral workflows and their activities.
 */
import { NativeConnection } from '@temporalio/worker';
import { bootstrap, onShutdown } from '../platform/bootstrap';
import { createCaseWorker } from './create-worker';
import { createDurableProducer } from '../platform/kafka';

async function main(): Promise<void> {
  const { config, logger, kafka, topics } = await bootstrap('worker');
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    clients: { producer, topics },
    logger,
  });
  onShutdown(logger, async () => {
    worker.shutdown();
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
  await worker.run();
  await producer.disconnect();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
