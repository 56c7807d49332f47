/**
 * A provider system that is not written in this project: Debian's kcat (librdkafka), producing with a
 * compression codec, as Java, Go or C clients commonly do. Used by the fault runs' codec rows.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { KafkaSecurityConfig } from '../platform/kafka';

const run = promisify(execFile);

export const KCAT_CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
export type KcatCodec = (typeof KCAT_CODECS)[number];

export interface KcatMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
  partition?: number;
}

/** Where kcat connects, and as whom. */
export interface KcatTarget {
  broker: string;
  security: KafkaSecurityConfig;
}

/** librdkafka's settings for the same security as the project's own clients (platform/kafka.ts). */
export function kcatSecurityArgs(s: KafkaSecurityConfig): string[] {
  const x = (k: string, v: string) => ['-X', `${k}=${v}`];
  const sasl = s.KAFKA_SASL_MECHANISM !== undefined;
  const protocol = s.KAFKA_SSL ? (sasl ? 'SASL_SSL' : 'SSL') : sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  return [
    ...x('security.protocol', protocol),
    ...(s.KAFKA_SSL_CA ? x('ssl.ca.location', s.KAFKA_SSL_CA) : []),
    ...(sasl
      ? [
          ...x('sasl.mechanisms', s.KAFKA_SASL_MECHANISM!.toUpperCase()),
          ...x('sasl.username', s.KAFKA_SASL_USERNAME!),
          ...x('sasl.password', s.KAFKA_SASL_PASSWORD!),
        ]
      : []),
  ];
}

/**
 * Produces messages with kcat, compressed with `codec`: one kcat call per message (each its own batch), with
 * idempotence and acks=all as the contract asks of providers. librdkafka sends a batch uncompressed when the codec
 * would not make it smaller, so callers send bodies that compress.
 */
export async function kcatProduce(target: KcatTarget, topic: string, codec: KcatCodec, messages: KcatMessage[]): Promise<void> {
  for (const m of messages) {
    const args = [
      '-P',
      '-b',
      target.broker,
      ...kcatSecurityArgs(target.security),
      '-t',
      topic,
      '-z',
      codec,
      '-k',
      m.key,
      '-X',
      'enable.idempotence=true',
      '-X',
      'acks=all',
      '-D',
      '\u0001',
    ];
    for (const [k, v] of Object.entries(m.headers ?? {})) args.push('-H', `${k}=${v}`);
    if (m.partition !== undefined) args.push('-p', String(m.partition));
    const child = run('kcat', args, { timeout: 30_000 });
    child.child.stdin!.end(`${m.value}\u0001`);
    await child;
  }
}
