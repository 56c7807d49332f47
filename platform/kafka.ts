/**
 * One kafkajs client per process, with kafkajs' own logs routed into pino.
 */
import { Kafka, logLevel, Partitioners, type ISocketFactory, type KafkaConfig, type logCreator, type Producer } from 'kafkajs';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import type { Config } from './config';
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

/** How a client proves who it is: TLS (with the CA that signed the brokers) and its principal's SASL credentials. */
export type KafkaSecurityConfig = Pick<
  Config,
  'KAFKA_SSL' | 'KAFKA_SSL_CA' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'
>;

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  security: KafkaSecurityConfig;
  extra?: Partial<KafkaConfig>;
}

/** kafkajs' ssl and sasl settings from the validated config (platform/config.ts). */
export function kafkaSecurityOptions(s: KafkaSecurityConfig): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = s.KAFKA_SSL ? (s.KAFKA_SSL_CA ? { ca: [fs.readFileSync(s.KAFKA_SSL_CA, 'utf8')] } : true) : false;
  if (!s.KAFKA_SASL_MECHANISM || !s.KAFKA_SASL_USERNAME || !s.KAFKA_SASL_PASSWORD) return { ssl };
  const credentials = { username: s.KAFKA_SASL_USERNAME, password: s.KAFKA_SASL_PASSWORD };
  switch (s.KAFKA_SASL_MECHANISM) {
    case 'scram-sha-512':
      return { ssl, sasl: { mechanism: 'scram-sha-512', ...credentials } };
    case 'scram-sha-256':
      return { ssl, sasl: { mechanism: 'scram-sha-256', ...credentials } };
    case 'plain':
      return { ssl, sasl: { mechanism: 'plain', ...credentials } };
  }
}

/**
 * kafkajs' own socket factory (node_modules/kafkajs/src/network/socketFactory.js) with Nagle's algorithm off, as the
 * gRPC and PostgreSQL clients already have it. kafkajs leaves it on, so a small request written while an earlier
 * segment is unacknowledged (a produce while another is in flight, a heartbeat beside a waiting fetch) waits for the
 * broker's delayed ACK, up to 40 ms on Linux; librdkafka turned it off by default for the same reason
 * (confluentinc/librdkafka#4986).
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tls.connect(Object.assign({ host, port }, net.isIP(host) ? {} : { servername: host }, ssl), onConnect)
    : net.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  socket.setNoDelay(true);
  return socket;
};

export function createKafka(opts: KafkaClientOptions): Kafka {
  // Every client reads what any producer may send: gzip, snappy, lz4, zstd (platform/kafka-codecs.ts).
  registerKafkaCodecs();
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(opts.logger),
    retry: { initialRetryTime: 200, retries: 8 },
    socketFactory: noDelaySocketFactory,
    ...kafkaSecurityOptions(opts.security),
    ...opts.extra,
  });
}

/**
 * The producer of the case states for the API's read model (workers/case-state-sink.ts): a cache, so neither
 * idempotent nor held to one request in flight. On its own connection, a state does not queue behind the events
 * the durable producer is sending one request at a time; the version each state carries puts them in order.
 * (A state an activity takes in time goes with its step's events instead, through the durable producer,
 * activities/publish-event.ts: a few percent of them at full load, docs/performance.md.)
 */
export function createCacheProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
}
