/**
 * The bridge process: provider responses from Kafka into the referral workflows.
 */
import { connectTemporalClient } from '../platform/temporal-connection';
import { Client } from '@temporalio/client';
import { BRIDGE_LEAVE_MS, startProviderResponseBridge, type RunningBridge } from '../bridge/provider-response-bridge';
import { bootstrap, onShutdown } from '../platform/bootstrap';
import { createDataConverter } from '../platform/data-converter';
import { createDurableProducer } from '../platform/durable-producer';
import { startHealthServer } from '../platform/health-server';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { CONSUMER_CRASH_EXIT_CODE } from '../platform/kafka-consumer';

async function main(): Promise<void> {
  const { config, logger, kafka, topics } = await bootstrap('bridge');
  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config).dataConverter });
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const crashAfter = config.FAULT_BRIDGE_CRASH_AFTER;
  const consumerCrashAfter = config.FAULT_BRIDGE_CONSUMER_CRASH_AFTER;
  let handled = 0;
  // A consumer that crashed for good takes the process down (platform/kafka-consumer.ts); its siblings leave the
  // group first, so the restarted bridge does not wait for their sessions to expire (npm run test:faults).
  let exiting = false;
  const onConsumerFatal = () => {
    if (exiting) return;
    exiting = true;
    const leave = Promise.allSettled(bridges.map((b) => b.consumer.disconnect()));
    void Promise.race([leave, new Promise((r) => setTimeout(r, BRIDGE_LEAVE_MS))]).finally(() => process.exit(CONSUMER_CRASH_EXIT_CODE));
  };
  const startOne = () =>
    startProviderResponseBridge({
      kafka,
      onConsumerFatal,
      client,
      producer,
      topics,
      logger,
      ...(crashAfter
        ? {
            // Fault injection (npm run test:faults): die after a delivery Temporal accepted, before its offset is committed.
            afterHandled: async (p) => {
              handled += 1;
              if (handled < crashAfter) return;
              logger.warn(
                { handled, partition: p.partition, offset: p.message.offset },
                'fault injection: bridge killing itself before committing',
              );
              process.kill(process.pid, 'SIGKILL');
            },
          }
        : {}),
      ...(consumerCrashAfter
        ? {
            // Fault injection (npm run test:faults): the consumer crashes for good inside a running process, as kafkajs
            // does on an error it cannot retry; platform/kafka-consumer.ts must take the process down with it.
            afterHandled: async () => {
              handled += 1;
              if (handled !== consumerCrashAfter) return;
              logger.warn({ handled }, 'fault injection: crashing the bridge consumer with a non-retriable error');
              throw new KafkaJSNonRetriableError('fault injection: consumer crash');
            },
          }
        : {}),
    });
  // Several consumers of one group (BRIDGE_CONSUMERS, platform/config.ts), so a response waits only behind the
  // batches of its own consumer's partitions. Started together, they join the group in one rebalance.
  const bridges: RunningBridge[] = [];
  await Promise.all(Array.from({ length: config.BRIDGE_CONSUMERS }, async () => bridges.push(await startOne())));
  const admin = kafka.admin();
  await admin.connect();
  const health = await startHealthServer({
    host: config.BRIDGE_HEALTH_HOST,
    port: config.BRIDGE_HEALTH_PORT,
    consumers: bridges.map((b) => b.health),
    admin,
    logger,
  });
  logger.info({ topic: topics.providerResponses }, 'bridge started');
  onShutdown(logger, async () => {
    health.close();
    await admin.disconnect();
    await Promise.all(bridges.map((b) => b.stop()));
    await producer.disconnect();
    await connection.close();
    logger.info({ stats: bridges.map((b) => b.stats) }, 'bridge stopped');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bridge failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
