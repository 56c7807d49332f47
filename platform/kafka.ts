/**
 * One kafkajs client per process, with kafkajs' own logs routed into pino.
 */
import { Kafka, logLevel, Partitioners, type KafkaConfig, type logCreator, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { registerKafkaCodecs } from './kafka-codecs';

const toPino: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLog = logger.child({ component: 'kafka' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      kafkaLog[toPino[level] ?? 'info'](extra, message);
    };
}

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  extra?: Partial<KafkaConfig>;
}

export function createKafka(opts: KafkaClientOptions): Kafka {
  // Every client reads what any producer may send: gzip, snappy, lz4, zstd (platform/kafka-codecs.ts).
  registerKafkaCodecs();
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(opts.logger),
    retry: { initialRetryTime: 200, retries: 8 },
    ...opts.extra,
  });
}

/**
 * The producer for every Dolbom event: idempotent (no broker-side duplicates on retry), all in-sync replicas
 * acknowledge (acks -1 is set per send), one request in flight so per-key order holds.
 */
export function createDurableProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
}
