/**
 * The durable producer against the real broker: a send the broker refuses takes nothing else with it. A refusal is
 * per partition, so a merged request refused for one message has written the others already; merged, then retried
 * caller by caller, they were written twice (the bridge's dead letters in CI: bridge/bridge.int.test.ts).
 */
import { INBOUND_TOPIC_MAX_MESSAGE_BYTES } from '../events/schemas/dead-letter';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { createDurableProducer, type EventProducer } from './durable-producer';

describe('durable producer on the real broker', () => {
  let kafka: TestKafka;
  let producer: EventProducer;

  beforeAll(async () => {
    kafka = await createTestKafka('producer');
    producer = createDurableProducer(kafka.kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await kafka?.close();
  });

  const endOffsets = async (topic: string) => {
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).map((p) => Number(p.high)).reduce((a, b) => a + b, 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('a message past the topic limit, sent while others queue, is refused alone: every other message is written once', async () => {
    const inbound = kafka.topics.providerResponses;
    const dlq = kafka.topics.deadLetter;
    // Both topics written once: the broker has authorised this producer for them, so its sends to them may merge.
    await producer.send({ topic: inbound, messages: [{ key: 'seen', value: 'seen', partition: 1 }] });
    await producer.send({ topic: dlq, messages: [{ key: 'seen', value: 'seen' }] });

    // One request in flight; everything after it queues and goes out in the next requests.
    const inFlight = producer.send({ topic: dlq, messages: [{ key: 'k', value: 'first' }] });
    const small = [1, 2, 3, 4, 5].map((partition) =>
      producer.send({ topic: inbound, messages: [{ key: `p${partition}`, value: `small-${partition}`, partition }] }),
    );
    const dead = [0, 1, 2].map((i) => producer.send({ topic: dlq, messages: [{ key: `d${i}`, value: `dead-${i}` }] }));
    const oversized = producer.send({
      topic: inbound,
      messages: [{ key: 'big', value: 'y'.repeat(INBOUND_TOPIC_MAX_MESSAGE_BYTES + 1), partition: 0 }],
    });
    const after = producer.send({ topic: dlq, messages: [{ key: 'k', value: 'after' }] });

    await expect(oversized).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    await Promise.all([inFlight, ...small, ...dead, after]);

    expect(await endOffsets(inbound)).toBe(1 + 5);
    expect(await endOffsets(dlq)).toBe(1 + 1 + 3 + 1);
    const values = (await readTopic(kafka.kafka, dlq, (ms) => ms.length >= 6)).map((m) => m.value!.toString());
    expect(values).toEqual(['seen', 'first', 'dead-0', 'dead-1', 'dead-2', 'after']);
  });
});
