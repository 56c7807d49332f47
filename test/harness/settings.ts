/** Where the integration tests find the servers, and the shared workflow bundle. */
import path from 'node:path';
import { DOLBOM_PRINCIPALS } from '../../events/kafka-acls';
import { parseConfig } from '../../platform/config';
import type { KafkaSecurityConfig } from '../../platform/kafka';
import { localKafkaSecurity } from '../../platform/local-kafka-credentials';

export function testSettings() {
  const dataDir = process.env.DOLBOM_DATA_DIR ?? path.resolve(__dirname, '..', '..', '.data');
  // Tests set up topics under their own prefixes, so they connect as the admin principal: from the environment
  // (scripts/test.sh exports it) or else from the local broker's identities in the data folder.
  const config = parseConfig(process.env);
  const kafkaSecurity: KafkaSecurityConfig =
    config.KAFKA_SASL_USERNAME !== undefined ? config : localKafkaSecurity(dataDir, DOLBOM_PRINCIPALS.admin);
  return {
    dataDir,
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    kafkaSecurity,
    bundlePath: path.join(dataDir, 'test', 'workflow-bundle.js'),
    testServerPath: path.resolve(__dirname, '..', '..', 'infra', 'test-server', 'temporal-test-server'),
  };
}
