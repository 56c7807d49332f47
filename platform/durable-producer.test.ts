import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Message, type ProducerBatch } from 'kafkajs';
import { MERGE_MAX_BYTES, serialProducer, type ProducerClient } from './durable-producer';

/**
 * Fake kafkajs producers: each records what the broker wrote; `gate` holds a request until released; `fail` fails
 * one whole; `refuse` refuses the messages it names and, as a broker does (a refusal is per partition), writes the
 * request's other messages before answering with the error.
 */
function fakes() {
  const made: { id: number; requests: ProducerBatch[]; disconnected: boolean }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let gate: Promise<void> | undefined;
  let fail: ((b: ProducerBatch) => Error | undefined) | undefined;
  let refuse: ((m: Message) => Error | undefined) | undefined;
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
          const refusals = (b.topicMessages ?? []).flatMap((t) => t.messages.map((m) => refuse?.(m)).filter((e) => e !== undefined));
          me.requests.push({
            ...b,
            topicMessages: (b.topicMessages ?? []).map((t) => ({ topic: t.topic, messages: t.messages.filter((m) => !refuse?.(m)) })),
          });
          if (refusals[0]) throw refusals[0];
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
    refuseWhen(f: (m: Message) => Error | undefined) {
      refuse = f;
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
  await p.sendBatch({ topicMessages: ['a', 'b'].map((topic) => ({ topic, messages: [msg('0')] })) });
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
  const requests = f.made[0]!.requests.slice(1);
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

/** Sends 'seen' on each topic so that the broker has authorised them (a topic not yet written goes alone). */
async function written(p: ReturnType<typeof serialProducer>, ...topics: string[]) {
  for (const topic of topics) await p.send({ topic, messages: [msg('seen')] });
}
const deliveredOn = (f: ReturnType<typeof fakes>, topic: string) =>
  f.made.flatMap((m) => m.requests.flatMap((r) => valuesOf(r, topic))).filter((v) => v !== 'seen');
const refusal = (type: string) => wrapped(Object.assign(new KafkaJSProtocolError(type), { type }));

test('a send to a topic this process has not written goes alone: its refusal fails only its caller, nothing is written twice', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  await written(p, 'a');
  f.refuseWhen((m) => (m.value === 'bad' ? refusal('TOPIC_AUTHORIZATION_FAILED') : undefined));
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const good = p.send({ topic: 'a', messages: [msg('good')] });
  const bad = p.send({ topic: 'forbidden', messages: [msg('bad')] });
  const after = p.send({ topic: 'a', messages: [msg('after')] });
  release();
  await first;
  await expect(good).resolves.toBeUndefined();
  await expect(bad).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
  await expect(after).resolves.toBeUndefined();
  expect(deliveredOn(f, 'a')).toEqual(['1', 'good', 'after']);
  // The refused send's request held it alone, and the one after it was not merged ahead of it.
  const requests = f.made.flatMap((m) => m.requests).slice(1);
  expect(requests.map((r) => (r.topicMessages ?? []).flatMap((t) => t.messages.map((m) => m.value)))).toEqual([
    ['1'],
    ['good'],
    [],
    ['after'],
  ]);
});

test('a send larger than the merge limit goes alone: refused as too large, it takes nothing else with it', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  await written(p, 'a', 'dlq');
  const big = 'x'.repeat(MERGE_MAX_BYTES + 1);
  f.refuseWhen((m) => (m.value === big ? refusal('MESSAGE_TOO_LARGE') : undefined));
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const small = [0, 1, 2].map((i) => p.send({ topic: 'dlq', messages: [msg(`dead-${i}`)] }));
  const refused = p.send({ topic: 'a', messages: [msg(big)] });
  const more = p.send({ topic: 'dlq', messages: [msg('dead-3')] });
  release();
  await Promise.all([first, ...small, more]);
  await expect(refused).rejects.toThrow('MESSAGE_TOO_LARGE');
  expect(deliveredOn(f, 'dlq')).toEqual(['dead-0', 'dead-1', 'dead-2', 'dead-3']);
  expect(deliveredOn(f, 'a')).toEqual(['1']);
});

test('sends merge up to the byte limit, and the next request takes the rest', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create, mergeMaxBytes: 25 });
  await written(p, 'a');
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  // Each message is its key (1 byte) and a 9-byte value: two fit in 25 bytes, three do not.
  const rest = [0, 1, 2, 3, 4].map((i) => p.send({ topic: 'a', messages: [msg(`message-${i}`)] }));
  release();
  await Promise.all([first, ...rest]);
  expect(f.made[0]!.requests.slice(2).map((r) => valuesOf(r, 'a').length)).toEqual([2, 2, 1]);
});

test('a merged request refused all the same is retried caller by caller, and that topic goes alone again', async () => {
  const f = fakes();
  const p = serialProducer({ create: f.create });
  await written(p, 'a', 'revoked');
  // The topic's authorisation is taken away while the process runs.
  f.refuseWhen((m) => (m.value === 'bad' || m.value === 'bad-again' ? refusal('TOPIC_AUTHORIZATION_FAILED') : undefined));
  const release = f.hold();
  const first = p.send({ topic: 'a', messages: [msg('1')] });
  await new Promise((r) => setImmediate(r));
  const good = p.send({ topic: 'a', messages: [msg('good')] });
  const bad = p.send({ topic: 'revoked', messages: [msg('bad')] });
  release();
  await first;
  await expect(good).resolves.toBeUndefined();
  await expect(bad).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
  const hold = f.hold();
  const next = p.send({ topic: 'a', messages: [msg('2')] });
  await new Promise((r) => setImmediate(r));
  const again = p.send({ topic: 'revoked', messages: [msg('bad-again')] });
  const last = p.send({ topic: 'a', messages: [msg('3')] });
  hold();
  await Promise.all([next, last]);
  await expect(again).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
  const lastRequests = f.made.flatMap((m) => m.requests).slice(-3);
  expect(lastRequests.map((r) => (r.topicMessages ?? []).flatMap((t) => t.messages.map((m) => m.value)))).toEqual([['2'], [], ['3']]);
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

test('with a linger, sends made to an idle producer within it go out in one request; without, each goes as it comes', async () => {
  const sendThree = async (lingerMs: number) => {
    const f = fakes();
    const p = serialProducer({ create: f.create, lingerMs });
    // Written once, so the topic's sends may merge.
    await p.send({ topic: 'a', messages: [msg('0')] });
    const first = p.send({ topic: 'a', messages: [msg('1')] });
    await new Promise((r) => setTimeout(r, 2));
    await Promise.all([first, p.send({ topic: 'a', messages: [msg('2')] }), p.send({ topic: 'a', messages: [msg('3')] })]);
    return f.made[0]!.requests.slice(1).map((r) => valuesOf(r, 'a'));
  };
  expect(await sendThree(50)).toEqual([['1', '2', '3']]);
  expect(await sendThree(0)).toEqual([['1'], ['2'], ['3']]);
});
