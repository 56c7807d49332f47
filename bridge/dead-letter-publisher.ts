/**
 * Puts a refused inbound message on the dead-letter topic: the original bytes, the original headers, and the
 * reason. Durable (all in-sync replicas), so a refusal is never lost either.
 */
import type { KafkaMessage, Producer } from 'kafkajs';
import { deadLetterHeaders, type DeadLetterReason } from '../events/schemas/dead-letter';

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

export async function publishDeadLetter(producer: Producer, deadLetterTopic: string, refused: RefusedMessage, now: Date): Promise<void> {
  const { message } = refused;
  await producer.send({
    topic: deadLetterTopic,
    acks: -1,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: deadLetterHeaders(
          refused.reason,
          refused.detail,
          { topic: refused.topic, partition: refused.partition, offset: message.offset, key: message.key?.toString() ?? null, headers: headersAsStrings(message) },
          now,
        ),
      },
    ],
  });
}
