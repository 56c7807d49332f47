/**
 * Handles one fetched batch of a partition with messages of different keys concurrently and each key's
 * messages in order, and says which offset may be resolved: the highest one whose message and every earlier
 * message of the batch were handled. A message that was not handled (the handler threw, or the consumer
 * stopped before it) keeps its offset and every later one unresolved, so they are delivered again.
 * Pure scheduling, no Kafka client: the bridge passes kafkajs's batch in.
 */

/** A bound on handlers in flight, shared by every partition's batch. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
}

export function createLimiter(max: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    get active() {
      return active;
    },
    async run(task) {
      if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      else active += 1;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next)
          next(); // the slot passes straight to the next waiter
        else active -= 1;
      }
    },
  };
}

export interface KeyedMessage {
  offset: string;
  key: Buffer | string | null;
}

export interface KeyedBatchOptions<M extends KeyedMessage> {
  messages: readonly M[];
  limiter: Limiter;
  handle(message: M): Promise<void>;
  /** Called with each new highest contiguous handled offset, in increasing order. */
  resolve(offset: string): void;
  /** Called after each handled message (and any resolution it allowed): commit and heartbeat as due. */
  progress?(): Promise<void>;
  /** False once the consumer stops or the batch went stale: no further message is started. */
  shouldContinue(): boolean;
}

/** Messages without a key have no order to keep: each is its own lane. */
const laneKey = (m: KeyedMessage) => (m.key === null || m.key === undefined ? `\u0000${m.offset}` : m.key.toString());

export async function processKeyedBatch<M extends KeyedMessage>(o: KeyedBatchOptions<M>): Promise<void> {
  const lanes = new Map<string, M[]>();
  for (const m of o.messages) {
    const k = laneKey(m);
    const lane = lanes.get(k);
    if (lane) lane.push(m);
    else lanes.set(k, [m]);
  }
  const handled = new Set<string>();
  let next = 0; // index of the first message not known handled
  let failed = false;
  const advance = () => {
    const from = next;
    while (next < o.messages.length && handled.has(o.messages[next]!.offset)) next += 1;
    if (next === from) return;
    o.resolve(o.messages[next - 1]!.offset);
  };

  const runLane = async (lane: readonly M[]) => {
    for (const m of lane) {
      if (failed || !o.shouldContinue()) return;
      await o.limiter.run(async () => {
        if (failed || !o.shouldContinue()) throw new LaneStopped();
        await o.handle(m);
      });
      handled.add(m.offset);
      advance();
      await o.progress?.();
    }
  };

  const results = await Promise.allSettled(
    [...lanes.values()].map((lane) =>
      runLane(lane).catch((err: unknown) => {
        if (err instanceof LaneStopped) return;
        failed = true;
        throw err;
      }),
    ),
  );
  const error = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (error) throw error.reason;
}

class LaneStopped extends Error {}
