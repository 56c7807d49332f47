import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type ProducerBatch } from 'kafkajs';
import { serialProducer, type ProducerClient } from './durable-producer';

/** Fake kafkajs producers: each records its requests; `gate` holds a request until released; `fail` refuses one. */
function fakes() {
  const made: { id: number; requests: ProducerBatch[]; disconnected: boolean }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let gate: Promise<void> | undefined;
  let fail: ((b: ProducerBatch) => Error | undefined) | undefined;
  const create = (): ProducerClient => {
    const me = { id: made.length, requests: [] as ProducerBatch[], disconnected: false };
    made.push(me);
    return {
      connect: async () => undefined,
      disconnect: async () => void (me.disconnected = true),
      sendBatch: async (b: ProducerBatch) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await gate;
          const err = fail?.(b);
          if (err) throw err;
          me.requests.push(b);
          return [];
        } finally {
          inFlight -= 1;
        }
      },
    };
  };
  return {
    made,
    create,
    maxInFlight: () => maxInFlight,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
    failWhen(f: (b: ProducerBatch) => Error | undefined) {
      fail = f;
    },
  };
}

const msg = (value: string) => ({ key: 'k', value });
/** An error as kafkajs' retrier hands it over after bail(): wrapped, with the original as its cause. */
const wrapped = (e: Error) => new (KafkaJSNonRetriableError as unknown as new (e: Error, o: { cause: Error }) => Error)(e, { cause: e });
const valuesOf = (b: ProducerBatch, topic: string) =>
  (b.topicMessages ?? []).filter((t) => t.topic === topic).flatMap((t) => t.messages.map((m) => m.value));
const touches = (value: string) => (b: ProducerBatch) => (b.topicMessages ?? []).some((t) => t.messages.some((m) => m.value === value));

test('one request in flight at a time; what queues meanwhile goes out merged, in the order it was sent', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const rest = [
    p.send({ topic: 'a', messages: [msg('2')] }),
    p.sendBatch({
      topicMessages: [
        { topic: 'b', messages: [msg('x')] },
        { topic: 'a', messages: [msg('3')] },
      ],
    }),
  ];
  release();
  await Promise.all([first, ...rest]);
  const requests = f.made[0]!.requests;
  expect(requests).toHaveLength(2);
  expect(valuesOf(requests[0]!, 'a')).toEqual(['1']);
  expect(valuesOf(requests[1]!, 'a')).toEqual(['2', '3']);
  expect(valuesOf(requests[1]!, 'b')).toEqual(['x']);
  expect(requests.every((r) => r.acks === -1)).toBe(true);
  expect(f.maxInFlight()).toBe(1);
});

test('after a request fails for good its callers get the error and a new producer sends what follows', async () => {
  const f = fakes();
  const replaced: unknown[] = [];
  const p = serialProducer({ create: f.create, onReplaced: (e) => replaced.push(e) });
  const down = new KafkaJSNumberOfRetriesExceeded(new Error('connect ECONNREFUSED'), { retryCount: 8, retryTime: 30_000 });
  f.failWhen((b) => (touches('lost?')(b) ? down : undefined));
  await expect(p.send({ topic: 'a', messages: [msg('lost?')] })).rejects.toBe(down);
  f.failWhen(() => undefined);
  await p.send({ topic: 'a', messages: [msg('next')] });
  expect(f.made).toHaveLength(2);
  expect(f.made[0]!.disconnected).toBe(true);
  expect(f.made[0]!.requests).toHaveLength(0);
  expect(valuesOf(f.made[1]!.requests[0]!, 'a')).toEqual(['next']);
  expect(replaced).toHaveLength(1);
});

test('a merged request refused for one message is retried caller by caller: only that caller fails', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const good = p.send({ topic: 'a', messages: [msg('good')] });
  const bad = p.send({ topic: 'forbidden', messages: [msg('bad')] });
  f.failWhen((b) =>
    // As kafkajs' retrier hands it over: the broker's refusal wrapped in a non-retriable error.
    (b.topicMessages ?? []).some((t) => t.topic === 'forbidden') ? wrapped(new KafkaJSProtocolError('not authorised')) : undefined,
  );
  release();
  await first;
  await expect(good).resolves.toBeUndefined();
  await expect(bad).rejects.toThrow('not authorised');
  const delivered = f.made.flatMap((m) => m.requests.flatMap((r) => valuesOf(r, 'a')));
  expect(delivered).toEqual(['1', 'good']);
});

test('a merged request that found no broker fails all its callers at once, without a retry each', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const queued = [p.send({ topic: 'a', messages: [msg('2')] }), p.send({ topic: 'a', messages: [msg('3')] })];
  let attempts = 0;
  f.failWhen((b) => {
    if (valuesOf(b, 'a').includes('1')) return undefined;
    attempts += 1;
    // As kafkajs hands over an outage found inside its retrier: wrapped again by the outer one.
    return wrapped(new KafkaJSNumberOfRetriesExceeded(new Error('connect ECONNREFUSED'), { retryCount: 8, retryTime: 30_000 }));
  });
  release();
  await first;
  const settled = await Promise.allSettled(queued);
  expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  expect(attempts).toBe(1);
});

test('sends with another compression are not merged into the same request', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const rest = [p.send({ topic: 'a', messages: [msg('plain')] }), p.send({ topic: 'a', compression: 1, messages: [msg('gzip')] })];
  release();
  await Promise.all([first, ...rest]);
  const requests = f.made[0]!.requests;
  expect(requests.map((r) => [r.compression, valuesOf(r, 'a')])).toEqual([
    [undefined, ['1']],
    [undefined, ['plain']],
    [1, ['gzip']],
  ]);
});

test('no request carries more than the batch limit', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create, maxBatchMessages: 3 });
  const release = f.hold();
  const all = Array.from({ length: 8 }, (_, i) => p.send({ topic: 'a', messages: [msg(String(i))] }));
  release();
  await Promise.all(all);
  expect(f.made[0]!.requests.map((r) => valuesOf(r, 'a').length)).toEqual([1, 3, 3, 1]);
});

test('disconnect waits for what is queued, then refuses new sends', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  const release = f.hold();
  const pending = p.send({ topic: 'a', messages: [msg('1')] });
  const closing = p.disconnect();
  release();
  await Promise.all([pending, closing]);
  expect(f.made[0]!.requests).toHaveLength(1);
  expect(f.made[0]!.disconnected).toBe(true);
  await expect(p.send({ topic: 'a', messages: [msg('late')] })).rejects.toThrow('disconnected');
});

test('a caller its drain just answered can send again at once, and that send goes too', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  const inTime = (x: Promise<unknown>) => Promise.race([x, new Promise((_, reject) => setTimeout(() => reject(new Error('hung')), 1000))]);
  await inTime(p.send({ topic: 'a', messages: [msg('1')] }));
  await inTime(p.send({ topic: 'a', messages: [msg('2')] }));
  try {
    await p.send({ topic: 'a', messages: [msg('3')] });
  } finally {
    await inTime(p.send({ topic: 'a', messages: [msg('4')] }));
  }
  await inTime(p.disconnect());
  expect(f.made[0]!.requests.flatMap((r) => valuesOf(r, 'a'))).toEqual(['1', '2', '3', '4']);
});
