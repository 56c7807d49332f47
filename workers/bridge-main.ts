/**
 * The bridge process: provider responses from Kafka into the referral workflows.
 */
import { Client, Connection } from '@temporalio/client';
import { startProviderResponseBridge } from '../bridge/provider-response-bridge';
import { bootstrap, onShutdown } from '../platform/bootstrap';
import { createDataConverter } from '../platform/data-converter';
import { createDurableProducer } from '../platform/kafka';

async function main(): Promise<void> {
  const { config, logger, kafka, topics } = await bootstrap('bridge');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config).dataConverter });
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const crashAfter = config.FAULT_BRIDGE_CRASH_AFTER;
  let handled = 0;
  const bridge = await startProviderResponseBridge({
    kafka,
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
            logger.warn({ handled, partition: p.partition, offset: p.message.offset }, 'fault injection: bridge killing itself before committing');
            process.kill(process.pid, 'SIGKILL');
          },
        }
      : {}),
  });
  logger.info({ topic: topics.providerResponses }, 'bridge started');
  onShutdown(logger, async () => {
    await bridge.stop();
    await producer.disconnect();
    await connection.close();
    logger.info({ stats: bridge.stats }, 'bridge stopped');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bridge failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
