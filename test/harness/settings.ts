/** Where the integration tests find the servers, and the shared workflow bundle. */
import path from 'node:path';

export function testSettings() {
  const dataDir = process.env.DOLBOM_DATA_DIR ?? path.resolve(__dirname, '..', '..', '.data');
  return {
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    bundlePath: path.join(dataDir, 'test', 'workflow-bundle.js'),
    testServerPath: path.resolve(__dirname, '..', '..', 'infra', 'test-server', 'temporal-test-server'),
  };
}
