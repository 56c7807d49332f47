/**
 * The producer for every Dolbom event: idempotent (no broker-side duplicates on retry), all in-sync replicas
 * acknowledge, and **one request in flight for the whole process**, so the broker's de-duplication can never drop
 * an event.
 *
 * Why one request, not kafkajs' per-broker lock: kafkajs numbers an idempotent producer's batches per partition,
 * and when a request fails it hands its sequence numbers back (node_modules/kafkajs/src/producer/sendMessages.js).
 * If that request had in fact been written (the leader died after replicating it, before answering), the next
 * send to that partition from another caller reuses the numbers, and the new leader acknowledges it as a
 * duplicate of the first: a different event, acknowledged and never stored (tulios/kafkajs#1005). A referral
 * request was lost that way in a cluster fault run (docs/performance.md, 2026-12-02). So here:
 * - sends queue, and the queue goes out as one request at a time: kafkajs retries a request with the same
 *   messages under the same numbers before anything else is numbered;
 * - what is queued while a request is in flight goes out merged into the next one (fewer, larger requests), and
 *   a send to an idle producer waits PRODUCER_LINGER_MS for others to join it (Kafka's own producer does the
 *   same, `linger.ms`, 5 ms by default since Kafka 4.0);
 * - after a request fails for good, the producer is replaced: a new producer id starts new sequences, so nothing
 *   sent later can be taken for what that request may have written. Its callers get the error and retry (an
 *   activity retries with the same event id, which consumers de-duplicate: activities/publish-event.ts);
 * - only sends the broker will not refuse are merged. A refusal is per partition: the broker has written the
 *   request's other partitions, so a merged request refused for one caller's message cannot be answered without
 *   writing the others twice (the bridge's dead letters were, in CI, when a test's oversized send merged with
 *   them: bridge/bridge.int.test.ts). So a send goes in a request of its own when it is larger than
 *   MERGE_MAX_BYTES (the broker's size limits apply to a partition's batch: events/schemas/dead-letter.ts), or
 *   names a topic this process has not yet written (an authorisation refusal shows on the first send);
 * - a merged request refused all the same (a topic's authorisation revoked while the process runs) is retried
 *   caller by caller, so one caller's message fails only that caller, and that topic's sends go alone again;
 *   what the broker had written of the others is written twice then, and consumers drop it by event id
 *   (activities/publish-event.ts). One that found no broker fails all its callers at once;
 * - sends with another compression than the oldest queued one wait for a request of their own, so the order of
 *   sends is kept only among sends with the same compression (Dolbom's callers use none).
 */
import { Partitioners, type Kafka, type Message, type Producer, type ProducerBatch, type ProducerRecord } from 'kafkajs';

/** What the callers of the durable producer use; a kafkajs Producer has it too (test/harness/recording-producer.ts). */
export type EventProducer = {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: ProducerRecord): Promise<unknown>;
  sendBatch(batch: ProducerBatch): Promise<unknown>;
};

/** The kafkajs calls the queue makes on the producer it holds. */
export type ProducerClient = Pick<Producer, 'connect' | 'disconnect' | 'sendBatch'>;

interface QueuedSend {
  topicMessages: { topic: string; messages: Message[] }[];
  compression: ProducerBatch['compression'];
  /** Its keys, values and headers, in bytes. */
  bytes: number;
  resolve(): void;
  reject(err: unknown): void;
}

export interface SerialProducerOptions {
  /** A new idempotent producer (a new producer id once connected). */
  create(): ProducerClient;
  /** Told when a producer is replaced after a failed request. */
  onReplaced?(err: unknown): void;
  /** The most messages merged into one request. */
  maxBatchMessages?: number;
  /** The most bytes (keys, values and headers) merged into one request; a larger send goes alone. */
  mergeMaxBytes?: number;
  /** How long a send to an idle producer waits for others to go with it (0: none). */
  lingerMs?: number;
}

/**
 * How long a send to an idle producer waits for others. The worker's events came one request each at full load, 15
 * requests a case, each costing the broker and the worker about a millisecond (docs/performance.md, 2026-12-04).
 */
export const PRODUCER_LINGER_MS = 5;

/**
 * Half the smallest `max.message.bytes` of Dolbom's topics (events/schemas/dead-letter.ts: the inbound topic's
 * 512 KiB): a merged request stays under every topic's batch limit with room for the batch's own framing.
 */
export const MERGE_MAX_BYTES = 256 * 1024;

const countOf = (s: QueuedSend) => s.topicMessages.reduce((n, t) => n + t.messages.length, 0);

const lengthOf = (v: Buffer | string | null | undefined) => (v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);

function bytesOf(topicMessages: QueuedSend['topicMessages']): number {
  let n = 0;
  for (const t of topicMessages)
    for (const m of t.messages) {
      n += lengthOf(m.key) + lengthOf(m.value);
      for (const [k, v] of Object.entries(m.headers ?? {})) n += Buffer.byteLength(k) + [v].flat().reduce((h, x) => h + lengthOf(x), 0);
    }
  return n;
}

/**
 * The broker answered and refused the request (a topic not authorised, a message too large): kafkajs' protocol
 * error, maybe wrapped by its retrier. Anything else (no broker reachable, a timeout) is not one caller's fault.
 */
function refusedByBroker(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (e.name === 'KafkaJSProtocolError') return true;
  return false;
}

function merged(sends: QueuedSend[]): ProducerBatch {
  const byTopic = new Map<string, Message[]>();
  for (const s of sends)
    for (const t of s.topicMessages) {
      const messages = byTopic.get(t.topic) ?? [];
      messages.push(...t.messages);
      byTopic.set(t.topic, messages);
    }
  return {
    acks: -1,
    compression: sends[0]?.compression,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  };
}

export function serialProducer(opts: SerialProducerOptions): EventProducer {
  const maxBatch = opts.maxBatchMessages ?? 200;
  const maxBytes = opts.mergeMaxBytes ?? MERGE_MAX_BYTES;
  const lingerMs = opts.lingerMs ?? 0;
  /** Topics this process has written: the broker authorised it for them. */
  const written = new Set<string>();
  /** A refused send's topics go alone again until one is written. */
  const forget = (s: QueuedSend) => s.topicMessages.forEach((t) => written.delete(t.topic));
  const mergeable = (s: QueuedSend) => s.bytes <= maxBytes && s.topicMessages.every((t) => written.has(t.topic));
  let current = opts.create();
  let connecting: Promise<void> | undefined;
  let draining: Promise<void> | undefined;
  let closed = false;
  const queue: QueuedSend[] = [];

  const connected = () =>
    (connecting ??= current.connect().catch((err: unknown) => {
      connecting = undefined;
      throw err;
    }));

  const replace = (err: unknown) => {
    const old = current;
    current = opts.create();
    connecting = undefined;
    opts.onReplaced?.(err);
    void old.disconnect().catch(() => undefined);
  };

  /**
   * The next request: the oldest send and those queued after it with the same compression, up to maxBatch
   * messages and maxBytes. A send the broker might refuse goes alone, and nothing queued after it joins a merge
   * ahead of it.
   */
  const take = (): QueuedSend[] => {
    const first = queue.shift()!;
    const batch = [first];
    if (!mergeable(first)) return batch;
    let n = countOf(first);
    let bytes = first.bytes;
    for (let i = 0; i < queue.length && n < maxBatch;) {
      const s = queue[i]!;
      if (s.compression !== first.compression) {
        i += 1;
        continue;
      }
      if (!mergeable(s) || n + countOf(s) > maxBatch || bytes + s.bytes > maxBytes) break;
      batch.push(s);
      n += countOf(s);
      bytes += s.bytes;
      queue.splice(i, 1);
    }
    return batch;
  };

  const sendAlone = async (sends: QueuedSend[]): Promise<unknown> => {
    try {
      await connected();
      await current.sendBatch(merged(sends));
      for (const s of sends) for (const t of s.topicMessages) written.add(t.topic);
      return undefined;
    } catch (err) {
      replace(err);
      return err;
    }
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = take();
      const err = await sendAlone(batch);
      if (err === undefined) {
        for (const s of batch) s.resolve();
      } else if (!refusedByBroker(err)) {
        for (const s of batch) s.reject(err);
      } else if (batch.length === 1) {
        forget(batch[0]!);
        batch[0]!.reject(err);
      } else {
        for (const s of batch) {
          const own = await sendAlone([s]);
          if (own === undefined) s.resolve();
          else {
            forget(s);
            s.reject(own);
          }
        }
      }
    }
  };

  /**
   * Starts draining unless a drain runs. A caller its drain just answered may send again before that drain has
   * ended, so the queue is looked at again once it has.
   */
  const kick = () => {
    if (draining) return;
    const started = lingerMs > 0 ? new Promise<void>((r) => setTimeout(r, lingerMs)).then(drain) : drain();
    draining = started.finally(() => {
      draining = undefined;
      if (queue.length > 0) kick();
    });
  };

  const enqueue = (topicMessages: QueuedSend['topicMessages'], compression: QueuedSend['compression']) =>
    new Promise<void>((resolve, reject) => {
      if (closed) return reject(new Error('the durable producer is disconnected'));
      queue.push({ topicMessages, compression, bytes: bytesOf(topicMessages), resolve, reject });
      kick();
    });

  return {
    connect: () => connected(),
    async disconnect() {
      closed = true;
      while (draining) await draining;
      await current.disconnect();
    },
    // acks: an idempotent producer requires every in-sync replica's acknowledgement, so -1 always.
    send: (r) => enqueue([{ topic: r.topic, messages: r.messages }], r.compression),
    sendBatch: (b) => enqueue(b.topicMessages ?? [], b.compression),
  };
}

/** The durable producer over a kafkajs client (platform/kafka.ts). */
export function createDurableProducer(kafka: Kafka): EventProducer {
  const log = kafka.logger().namespace('durable-producer');
  return serialProducer({
    lingerMs: PRODUCER_LINGER_MS,
    create: () => kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
    onReplaced: (err) =>
      log.warn('a request failed for good: its callers retry, and a new producer id takes over', {
        error: err instanceof Error ? err.message : String(err),
      }),
  });
}
