/**
 * Kafka for integration tests: the real broker, with topics under a prefix unique to the suite.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { provisionDolbomTopics } from '../../events/kafka-provision';
import { ensureTopics, topicNames, topicSpecs, type TopicNames } from '../../events/topics';
import { createCacheProducer, createKafka } from '../../platform/kafka';
import { createDurableProducer, type EventProducer } from '../../platform/durable-producer';
import { createLogger } from '../../platform/logger';
import { connectedProvidersFromTopics, type ConnectedProviders } from '../../activities/connected-providers';
import { uniqueId } from './ids';
import { testSettings } from './settings';

export const testLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'warn', format: 'json' });

export interface TestKafka {
  kafka: Kafka;
  prefix: string;
  topics: TopicNames;
  producer: EventProducer;
  /** The worker's producer of case states (platform/kafka.ts `createCacheProducer`). */
  cacheProducer: Producer;
  /** Providers connected under this prefix (their requests topic exists), as the worker sees them. */
  connectedProviders: ConnectedProviders;
  close(): Promise<void>;
}

export async function createTestKafka(name: string): Promise<TestKafka> {
  const { kafkaBrokers, kafkaSecurity } = testSettings();
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: uniqueId(name), logger: testLogger, security: kafkaSecurity });
  const prefix = `${uniqueId(`test-${name}`)}.`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topicSpecs(prefix));
  const topics = topicNames(prefix);
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const cacheProducer = createCacheProducer(kafka);
  await cacheProducer.connect();
  const consumers: Consumer[] = [];
  return {
    kafka,
    prefix,
    topics,
    producer,
    cacheProducer,
    connectedProviders: connectedProvidersFromTopics(admin, topics, 500),
    async close() {
      await Promise.all(consumers.map((c) => c.disconnect()));
      await producer.disconnect();
      await cacheProducer.disconnect();
      await admin.disconnect();
    },
  };
}

/** Dolbom's topics and its processes' ACLs under the suite's prefix, as the admin principal (events/kafka-provision.ts). */
export async function provisionTestKafka(kafka: TestKafka): Promise<void> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  await provisionDolbomTopics(admin, kafka.prefix).finally(() => admin.disconnect());
}

/** Connects a provider system under the suite's prefix as `npm run provider:connect` does; returns what it printed. */
export function connectTestProvider(kafka: TestKafka, providerId: string): string {
  const r = spawnSync('bash', ['scripts/provider-connect.sh', '--provider', providerId], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, KAFKA_TOPIC_PREFIX: kafka.prefix, KAFKA_BROKERS: testSettings().kafkaBrokers.join(','), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`provider:connect ${providerId} failed: ${r.stderr}`);
  return r.stdout;
}

/** Reads a topic from the beginning until `until` holds for the messages seen, or the time limit passes. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  until: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 30000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueId('reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: KafkaMessage[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms reading ${topic}; saw ${seen.length} messages`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            if (until(seen)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
