/**
 * A stand-in for the Kafka producer in suites whose subject is the workflows, not Kafka: it records what the
 * publish activities send (validated against the contract by activities/publish-event.ts as always), per topic
 * and in order, so those suites need only Temporal. Kafka itself is tested where it is the subject (smoke,
 * bridge, broker restart, fault runs).
 */
import type { Message, Producer, ProducerBatch, ProducerRecord } from 'kafkajs';
import { topicNames, type TopicNames } from '../../events/topics';
import { uniqueId } from './ids';

export interface RecordingProducer {
  producer: Producer;
  topics: TopicNames;
  /** Messages sent to a topic so far, in order. */
  sent(topic: string): Message[];
  /** Holds every send that touches a topic `match` accepts, until the returned function releases them. */
  hold(match: (topic: string) => boolean): () => void;
  /** How many sends are held now. */
  held(): number;
}

export function createRecordingProducer(name: string): RecordingProducer {
  const byTopic = new Map<string, Message[]>();
  const keep = (topic: string, messages: Message[]) => byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...messages]);
  const ack = (topic: string, n: number) => Array.from({ length: n }, () => ({ topicName: topic, partition: 0, errorCode: 0 }));
  let holding: { match: (topic: string) => boolean; released: Promise<void>; waiting: number } | undefined;
  const waitIfHeld = async (topics: string[]) => {
    const h = holding;
    if (!h || !topics.some(h.match)) return;
    h.waiting += 1;
    await h.released;
    h.waiting -= 1;
  };
  const producer = {
    async send(r: ProducerRecord) {
      await waitIfHeld([r.topic]);
      keep(r.topic, r.messages);
      return ack(r.topic, r.messages.length);
    },
    async sendBatch(b: ProducerBatch) {
      await waitIfHeld((b.topicMessages ?? []).map((t) => t.topic));
      for (const t of b.topicMessages ?? []) keep(t.topic, t.messages);
      return (b.topicMessages ?? []).flatMap((t) => ack(t.topic, t.messages.length));
    },
    async connect() {},
    async disconnect() {},
  } as unknown as Producer;
  return {
    producer,
    topics: topicNames(`${uniqueId(`rec-${name}`)}.`),
    sent: (topic) => [...(byTopic.get(topic) ?? [])],
    hold(match) {
      let release!: () => void;
      const h = { match, released: new Promise<void>((r) => (release = r)), waiting: 0 };
      holding = h;
      return () => {
        if (holding === h) holding = undefined;
        release();
      };
    },
    held: () => holding?.waiting ?? 0,
  };
}
