/**
 * A provider system that is not written in this project: Debian's kcat (librdkafka), producing with a
 * compression codec, as Java, Go or C clients commonly do. Used by the fault runs' codec rows.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const KCAT_CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
export type KcatCodec = (typeof KCAT_CODECS)[number];

export interface KcatMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
  partition?: number;
}

/**
 * Produces messages with kcat, compressed with `codec`: one kcat call per message (each its own batch), with
 * idempotence and acks=all as the contract asks of providers. librdkafka sends a batch uncompressed when the codec
 * would not make it smaller, so callers send bodies that compress.
 */
export async function kcatProduce(broker: string, topic: string, codec: KcatCodec, messages: KcatMessage[]): Promise<void> {
  for (const m of messages) {
    const args = [
      '-P',
      '-b',
      broker,
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
