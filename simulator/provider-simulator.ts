/**
 * Acts as one or many providers over Kafka, for demos and the benchmark, using only the public contract.
 * - A provider connected with a system of its own (npm run provider:connect) is acted as that system would: as its
 *   own principal, it reads its own requests topic and answers on its own responses topic (events/topics.ts
 *   providerRequests, providerReplies), nothing else (events/kafka-acls.ts providerAcls).
 * - For every other provider, Dolbom routes requests to the internal domain topics (activities/publish-event.ts);
 *   the simulator reads those as Dolbom's stand-in and answers on the shared provider-responses topic.
 * Decisions are seeded (the same request always gets the same answer), with an accept rate, decline reasons,
 * a response delay, and optionally the service's start and completion afterwards.
 */
import { createHash } from 'node:crypto';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { createDurableProducer, type EventProducer } from '../platform/durable-producer';
import { superviseConsumer } from '../platform/kafka-consumer';
import { CARE_DOMAINS, type CareDomain, type DeclineReason } from '../domain/codes';
import { CONSUMER_GROUPS } from '../events/kafka-acls';
import type { TopicNames } from '../events/topics';
import { providerResponseMessage, type SimulatedReport } from './provider-response';

/** A connected provider system's Kafka client, authenticated as that provider's own principal. */
export interface ConnectedProviderClient {
  providerId: string;
  kafka: Kafka;
}

export interface SimulatorOptions {
  kafka: Kafka;
  producer: EventProducer;
  topics: TopicNames;
  logger: Logger;
  domains?: readonly CareDomain[];
  acceptRate?: number;
  declineReasons?: readonly DeclineReason[];
  /** Delay before answering, ms: a fixed value or a [min, max] range. */
  delayMs?: number | [number, number];
  /** After accepting, also report started and completed. */
  followThrough?: boolean;
  seed?: string;
  groupId?: string;
  /** Also answer requests published before this simulator's group first joined (default: only new ones). */
  fromBeginning?: boolean;
  /** Only answer requests addressed to these providers (default: all: act as every provider). */
  providerIds?: readonly string[];
  /** Providers connected with their own credentials (simulator/local-providers.ts): answered on their own topics. */
  connectedProviders?: readonly ConnectedProviderClient[];
}

export interface SimulatorStats {
  requests: number;
  /** What is answered to each distinct request, by its event id (the provider side's ledger): a redelivered
   * request is counted once here. */
  answers: Map<string, { referralId: string; attempt: number; providerId: string; answer: 'accepted' | 'rejected' }>;
  accepted: number;
  declined: number;
  notices: number;
}

interface RequestedEvent {
  id: string;
  type: string;
  data: { referralId: string; providerId: string; attempt?: number };
}

/** A number in [0, 1) from the seed and a key: the same request always gets the same decision. */
function draw(seed: string, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** How the simulator puts one response on the inbound topic (default: its kafkajs producer, uncompressed). */
export type ResponseSender = (message: { key: string; value: string; headers: Record<string, string> }) => Promise<void>;

export interface RunningSimulator {
  stats: SimulatorStats;
  /** Answers through another client from now on (e.g. kcat with a compression codec); undefined: back to the default. */
  setSender(sender: ResponseSender | undefined): void;
  stop(): Promise<void>;
}

export async function startProviderSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const log = opts.logger.child({ component: 'provider-simulator' });
  const domains = opts.domains ?? CARE_DOMAINS;
  const acceptRate = opts.acceptRate ?? 0.8;
  const reasons = opts.declineReasons ?? ['atCapacity', 'outsideArea', 'personDeclined'];
  const seed = opts.seed ?? 'dolbom-sim';
  const stats: SimulatorStats = { requests: 0, answers: new Map(), accepted: 0, declined: 0, notices: 0 };
  const groupId = opts.groupId ?? 'dolbom-provider-simulator';
  const consumers: Consumer[] = [];
  const ownProducers: EventProducer[] = [];

  /** Joins `group` on `topics` and answers each request with `sendOf`; returns once the group has joined. */
  const consume = async (kafka: Kafka, group: string, topics: string[], sendOf: () => ResponseSender) => {
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 2000 });
    consumers.push(consumer);
    // A consumer that crashed for good takes the process with it (platform/kafka-consumer.ts).
    superviseConsumer(consumer, { name: 'provider-simulator', groupId: group, topics, logger: log });
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? false });
    // Return only once the group has joined, so requests published after start() are answered.
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      setTimeout(resolve, 30000).unref();
    });
    await consumer.run({ partitionsConsumedConcurrently: 3, eachMessage: (m) => answer(m, sendOf()) });
    await joined;
  };

  const kafkaSender: ResponseSender = async (msg) => {
    await opts.producer.send({ topic: opts.topics.providerResponses, acks: -1, messages: [msg] });
  };
  let sender = kafkaSender;

  const delay = (key: string) => {
    const d = opts.delayMs ?? 0;
    return typeof d === 'number' ? d : d[0] + Math.floor(draw(seed, `delay:${key}`) * (d[1] - d[0]));
  };
  const send = async (through: ResponseSender, event: RequestedEvent, report: SimulatedReport, declineReason?: DeclineReason) => {
    const msg = providerResponseMessage({
      requestEventId: event.id,
      referralId: event.data.referralId,
      providerId: event.data.providerId,
      attempt: event.data.attempt,
      report,
      declineReason,
      occurredAt: new Date().toISOString(),
    });
    await through(msg);
  };

  async function answer({ message }: EachMessagePayload, through: ResponseSender): Promise<void> {
    const event = JSON.parse(message.value?.toString() ?? '{}') as RequestedEvent;
    if (event.type !== 'kr.dolbom.referral.requested.v1') {
      stats.notices += 1;
      return;
    }
    if (opts.providerIds && !opts.providerIds.includes(event.data.providerId)) return;
    stats.requests += 1;
    const decision = draw(seed, event.id) < acceptRate ? 'accepted' : 'rejected';
    stats.answers.set(event.id, {
      referralId: event.data.referralId,
      attempt: event.data.attempt ?? 1,
      providerId: event.data.providerId,
      answer: decision,
    });
    const wait = delay(event.id);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (decision === 'accepted') {
      await send(through, event, 'accepted');
      stats.accepted += 1;
      if (opts.followThrough) {
        await send(through, event, 'started');
        await send(through, event, 'completed');
      }
    } else {
      const reason = reasons[Math.floor(draw(seed, `reason:${event.id}`) * reasons.length)]!;
      await send(through, event, 'rejected', reason);
      stats.declined += 1;
    }
    log.debug({ referralId: event.data.referralId, providerId: event.data.providerId }, 'answered referral request');
  }

  // Providers without a system: the domain topics, answered on the shared topic (through `sender`, which may change).
  await consume(
    opts.kafka,
    groupId,
    domains.map((d) => opts.topics.referralRequests(d)),
    () => sender,
  );
  // Connected providers: each as its own principal, on its own topics, in a group its principal may join.
  for (const p of opts.connectedProviders ?? []) {
    const producer = createDurableProducer(p.kafka);
    await producer.connect();
    ownProducers.push(producer);
    const replies = opts.topics.providerReplies(p.providerId);
    const own: ResponseSender = async (msg) => {
      await producer.send({ topic: replies, acks: -1, messages: [msg] });
    };
    await consume(p.kafka, `${CONSUMER_GROUPS.provider(p.providerId)}.${groupId}`, [opts.topics.providerRequests(p.providerId)], () => own);
    log.info(
      { providerId: p.providerId, reads: opts.topics.providerRequests(p.providerId), writes: replies },
      'acting as a connected provider',
    );
  }
  return {
    stats,
    setSender(next) {
      sender = next ?? kafkaSender;
    },
    async stop() {
      await Promise.all(consumers.map((c) => c.disconnect()));
      await Promise.all(ownProducers.map((p) => p.disconnect()));
    },
  };
}
