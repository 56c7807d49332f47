/**
 * Puts a refused inbound message on the dead-letter topic: the original bytes, the original headers, and the
 * reason. Durable (all in-sync replicas), so a refusal is never lost either.
 *
 * It never fails for good on one message: a message too large to copy whole (it arrived compressed) keeps a
 * bounded excerpt with its size and SHA-256 (events/schemas/dead-letter.ts), and if the broker still refuses
 * the record as too large or invalid, the reason alone is kept. Only Kafka being unreachable makes it throw,
 * and the bridge retries then.
 */
import { createHash } from 'node:crypto';
import { KafkaJSProtocolError, type KafkaMessage } from 'kafkajs';
import { undecodableInfo } from '../platform/kafka-codecs';
import {
  DEAD_LETTER_COPY_LIMIT_BYTES,
  DEAD_LETTER_EXCERPT_BYTES,
  deadLetterHeaders,
  type DeadLetterReason,
} from '../events/schemas/dead-letter';
import type { EventProducer } from '../platform/durable-producer';

export interface RefusedMessage {
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: DeadLetterReason;
  detail: string;
}

export function headersAsStrings(message: KafkaMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map((x) => x.toString()).join(',') : v.toString();
  }
  return out;
}

/** Broker answers that say "this record will never be accepted", as opposed to "try again". */
const RECORD_REFUSED = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

function recordRefused(err: unknown): boolean {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e instanceof KafkaJSProtocolError && RECORD_REFUSED.has(e.type)) return true;
  }
  return false;
}

const sizeOf = (headers: Record<string, string>) =>
  Object.entries(headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

/** The dead-letter record of a refused message: whole when it fits, otherwise an excerpt with size and digest. */
export function deadLetterRecord(
  refused: RefusedMessage,
  now: Date,
): { key: Buffer | null; value: Buffer | null; headers: Record<string, string> } {
  const { message } = refused;
  const origin = {
    topic: refused.topic,
    partition: refused.partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    headers: headersAsStrings(message),
  };
  const undecodable = undecodableInfo(message.headers);
  const value = message.value ?? null;
  const headersSize = sizeOf(origin.headers);
  if (undecodable) {
    // The placeholder's value is already the batch's first bytes; say what the whole batch was.
    return {
      key: message.key,
      value,
      headers: deadLetterHeaders(refused.reason, refused.detail, origin, now, {
        bytes: undecodable.compressedBytes,
        sha256: undecodable.sha256,
      }),
    };
  }
  if ((value?.length ?? 0) + headersSize + (message.key?.length ?? 0) <= DEAD_LETTER_COPY_LIMIT_BYTES) {
    return { key: message.key, value, headers: deadLetterHeaders(refused.reason, refused.detail, origin, now) };
  }
  const excerptOf = {
    bytes: value?.length ?? 0,
    sha256: createHash('sha256')
      .update(value ?? Buffer.alloc(0))
      .digest('hex'),
  };
  const keepHeaders = headersSize <= DEAD_LETTER_EXCERPT_BYTES;
  return {
    key: message.key && message.key.length <= 1024 ? message.key : null,
    value: value ? Buffer.from(value.subarray(0, DEAD_LETTER_EXCERPT_BYTES)) : null,
    headers: deadLetterHeaders(refused.reason, refused.detail, keepHeaders ? origin : { ...origin, headers: {} }, now, excerptOf),
  };
}

export async function publishDeadLetter(
  producer: EventProducer,
  deadLetterTopic: string,
  refused: RefusedMessage,
  now: Date,
): Promise<void> {
  const record = deadLetterRecord(refused, now);
  try {
    await producer.send({ topic: deadLetterTopic, acks: -1, messages: [record] });
  } catch (err) {
    if (!recordRefused(err)) throw err;
    // Still refused as a record: keep the reason and where it came from, without the content.
    const { message } = refused;
    const bare = deadLetterHeaders(
      refused.reason,
      `${refused.detail} (content not kept: the broker refused the record)`,
      { topic: refused.topic, partition: refused.partition, offset: message.offset },
      now,
    );
    await producer.send({ topic: deadLetterTopic, acks: -1, messages: [{ key: null, value: null, headers: bare }] });
  }
}
