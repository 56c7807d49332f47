/**
 * What the dead-letter topic keeps of a refused message (bridge/dead-letter-publisher.ts): the whole message when
 * it fits the topic, otherwise a bounded excerpt with the original's size and SHA-256, and where it came from.
 */
import { createHash } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import {
  DEAD_LETTER_COPY_LIMIT_BYTES,
  DEAD_LETTER_EXCERPT_BYTES,
  DEAD_LETTER_TOPIC_MAX_MESSAGE_BYTES,
  DLQ_HEADERS,
  DeadLetterHeaders,
} from '../events/schemas/dead-letter';
import { deadLetterRecord } from './dead-letter-publisher';
import { isTransientTemporalError } from './deliver-report';

const message = (value: Buffer, headers: Record<string, string> = { ce_type: 'kr.dolbom.provider.accepted.v1' }): KafkaMessage =>
  ({
    key: Buffer.from('ref-1'),
    value,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
    offset: '42',
    timestamp: '0',
    attributes: 0,
  }) as KafkaMessage;
const refused = (m: KafkaMessage) => ({
  topic: 'dolbom.provider.responses',
  partition: 3,
  message: m,
  reason: 'oversized' as const,
  detail: 'too big',
});
const now = new Date('2026-12-01T05:00:00Z');

test('a message that fits is copied whole, with its headers and the reason', () => {
  const value = Buffer.alloc(70 * 1024, 'a');
  const r = deadLetterRecord(refused(message(value)), now);
  expect(r.value!.equals(value)).toBe(true);
  expect(r.headers).toMatchObject({
    ce_type: 'kr.dolbom.provider.accepted.v1',
    [DLQ_HEADERS.reason]: 'oversized',
    [DLQ_HEADERS.offset]: '42',
    [DLQ_HEADERS.partition]: '3',
  });
  expect(r.headers[DLQ_HEADERS.originalBytes]).toBeUndefined();
  expect(DeadLetterHeaders.safeParse(r.headers).success).toBe(true);
});

test('a 2 MB body (it came compressed) keeps a bounded excerpt, its size and SHA-256, and fits the topic', () => {
  const value = Buffer.alloc(2 * 1024 * 1024, 'b');
  const r = deadLetterRecord(refused(message(value)), now);
  expect(r.value!.length).toBe(DEAD_LETTER_EXCERPT_BYTES);
  expect(r.value!.equals(value.subarray(0, DEAD_LETTER_EXCERPT_BYTES))).toBe(true);
  expect(r.headers[DLQ_HEADERS.originalBytes]).toBe(String(value.length));
  expect(r.headers[DLQ_HEADERS.originalSha256]).toBe(createHash('sha256').update(value).digest('hex'));
  const size = r.value!.length + Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
  expect(size).toBeLessThan(DEAD_LETTER_TOPIC_MAX_MESSAGE_BYTES);
  expect(DeadLetterHeaders.safeParse(r.headers).success).toBe(true);
});

test('huge headers are dropped from an excerpt, the reason and origin are kept', () => {
  const r = deadLetterRecord(refused(message(Buffer.alloc(DEAD_LETTER_COPY_LIMIT_BYTES), { big: 'x'.repeat(100 * 1024) })), now);
  expect(r.headers.big).toBeUndefined();
  expect(r.headers[DLQ_HEADERS.topic]).toBe('dolbom.provider.responses');
});

describe('which Temporal errors the bridge retries (only "unreachable or slow")', () => {
  test.each([
    ['UNAVAILABLE', { code: 14 }, true],
    ['DEADLINE_EXCEEDED', { code: 4 }, true],
    ['RESOURCE_EXHAUSTED', { code: 8 }, true],
    ['a connection error without a gRPC status', new Error('connect ECONNREFUSED'), true],
    ['an update poll that timed out', { name: 'WorkflowUpdateRPCTimeoutOrCancelledError' }, true],
    ['INVALID_ARGUMENT (an id Temporal will not take)', { code: 3 }, false],
    ['PERMISSION_DENIED', { code: 7 }, false],
    ['FAILED_PRECONDITION', { cause: { code: 9 } }, false],
  ])('%s -> retry: %s', (_name, err, transient) => {
    expect(isTransientTemporalError(err)).toBe(transient);
  });
});
