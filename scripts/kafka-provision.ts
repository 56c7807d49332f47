/**
 * Provisions the cluster for Dolbom as its admin principal: the project's topics (events/topics.ts) and the ACLs
 * of Dolbom's own processes (events/kafka-acls.ts). Idempotent; infra/up.sh runs it after the broker is ready.
 * `--principals` only prints the principals' names, one a line (infra/kafka-security.sh makes their passwords).
 */
import { z } from 'zod';
import { DOLBOM_PRINCIPALS } from '../events/kafka-acls';
import { provisionDolbomTopics } from '../events/kafka-provision';
import { cliOptions } from '../platform/cli';
import { loadConfig } from '../platform/config';
import { createKafka } from '../platform/kafka';
import { createLogger } from '../platform/logger';

const USAGE = 'usage: npm run kafka:provision [-- --principals]';
const args = cliOptions({ principals: { type: 'boolean' } }, z.object({ principals: z.boolean().optional() }), USAGE);

async function main(): Promise<void> {
  if (args.principals) {
    process.stdout.write(`${Object.values(DOLBOM_PRINCIPALS).join('\n')}\n`);
    return;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: 'dolbom-kafka-provision' });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-provision`, logger, security: config });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A cluster that has just formed may not yet agree on the new topics' metadata: one broker answers
    // "This server does not host this topic-partition" while another already leads it (seen on a fresh
    // three-node cluster in CI). Provisioning is idempotent, so a broker-side error is tried again.
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await provisionDolbomTopics(admin, config.KAFKA_TOPIC_PREFIX, config.KAFKA_REPLICATION_FACTOR);
        logger.info(done, 'Kafka topics and ACLs in place');
        return;
      } catch (err) {
        if (attempt >= PROVISION_ATTEMPTS || !brokerSideError(err)) throw err;
        logger.warn({ err, attempt }, 'Kafka provisioning failed on the broker side; trying again');
        await new Promise((resolve) => setTimeout(resolve, attempt * 2000));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

const PROVISION_ATTEMPTS = 6;

/** A kafkajs error from the broker or its metadata, not a refused login or a bad request of ours. */
function brokerSideError(err: unknown): boolean {
  if (!(err instanceof Error) || !err.name.startsWith('KafkaJS')) return false;
  return !/SASL|authenticat|authoriz|INVALID_/i.test(`${err.name} ${err.message} ${(err as { type?: string }).type ?? ''}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`kafka:provision failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
