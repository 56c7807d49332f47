/**
 * Process start-up shared by every Dolbom process: config (validated once), the logger, the Temporal runtime
 * logging, and Kafka with the project's topics in place.
 */
import type { Logger } from 'pino';
import { ensureTopics, topicNames, topicSpecs, type TopicNames } from '../events/topics';
import { loadConfig, type Config } from './config';
import { createKafka } from './kafka';
import { createLogger } from './logger';
import { enforceProductionSafety } from './production-safety';
import { installTemporalRuntime } from './temporal-runtime';
import type { Kafka } from 'kafkajs';

export interface Platform {
  config: Config;
  logger: Logger;
  kafka: Kafka;
  topics: TopicNames;
}

export async function bootstrap(processName: string): Promise<Platform> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: `dolbom-${processName}` });
  try {
    enforceProductionSafety(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'refusing to start');
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  installTemporalRuntime(logger);
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-${processName}`,
    logger,
    security: config,
  });
  // On a cluster with identities, topics and ACLs are the admin's (npm run kafka:provision, infra/up.sh runs it):
  // a process's own principal has no right to create topics. On an open cluster the process creates them.
  if (config.KAFKA_SASL_USERNAME === undefined) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, topicSpecs(config.KAFKA_TOPIC_PREFIX), config.KAFKA_REPLICATION_FACTOR);
      if (created.length > 0) logger.info({ created }, 'created Kafka topics');
    } finally {
      await admin.disconnect();
    }
  }
  return { config, logger, kafka, topics: topicNames(config.KAFKA_TOPIC_PREFIX) };
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
