/**
 * Acts as one or many providers over Kafka, for demos and the benchmark, using only the public contract:
 * reads referral requests on the domain topics it serves and answers on the provider-responses topic.
 * Decisions are seeded (the same request always gets the same answer), with an accept rate, decline reasons,
 * a response delay, and optionally the service's start and completion afterwards.
 */
import { createHash } from 'node:crypto';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { superviseConsumer } from '../platform/kafka-consumer';
import { CARE_DOMAINS, type CareDomain, type DeclineReason } from '../domain/codes';
import type { TopicNames } from '../events/topics';
import { providerResponseMessage, type SimulatedReport } from './provider-response';

export interface SimulatorOptions {
  kafka: Kafka;
  producer: Producer;
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
  const consumer: Consumer = opts.kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 2000 });
  // A consumer that crashed for good takes the process with it (platform/kafka-consumer.ts).
  superviseConsumer(consumer, {
    name: 'provider-simulator',
    groupId,
    topics: domains.map((d) => opts.topics.referralRequests(d)),
    logger: log,
  });
  await consumer.connect();
  for (const d of domains) await consumer.subscribe({ topic: opts.topics.referralRequests(d), fromBeginning: opts.fromBeginning ?? false });

  const kafkaSender: ResponseSender = async (msg) => {
    await opts.producer.send({ topic: opts.topics.providerResponses, acks: -1, messages: [msg] });
  };
  let sender = kafkaSender;

  const delay = (key: string) => {
    const d = opts.delayMs ?? 0;
    return typeof d === 'number' ? d : d[0] + Math.floor(draw(seed, `delay:${key}`) * (d[1] - d[0]));
  };
  const send = async (event: RequestedEvent, report: SimulatedReport, declineReason?: DeclineReason) => {
    const msg = providerResponseMessage({
      requestEventId: event.id,
      referralId: event.data.referralId,
      providerId: event.data.providerId,
      attempt: event.data.attempt,
      report,
      declineReason,
      occurredAt: new Date().toISOString(),
    });
    await sender(msg);
  };

  // Return only once the group has joined, so requests published after start() are answered.
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    setTimeout(resolve, 30000).unref();
  });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}') as RequestedEvent;
      if (event.type !== 'kr.dolbom.referral.requested.v1') {
        stats.notices += 1;
        return;
      }
      if (opts.providerIds && !opts.providerIds.includes(event.data.providerId)) return;
      stats.requests += 1;
      const answer = draw(seed, event.id) < acceptRate ? 'accepted' : 'rejected';
      stats.answers.set(event.id, {
        referralId: event.data.referralId,
        attempt: event.data.attempt ?? 1,
        providerId: event.data.providerId,
        answer,
      });
      const wait = delay(event.id);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (answer === 'accepted') {
        await send(event, 'accepted');
        stats.accepted += 1;
        if (opts.followThrough) {
          await send(event, 'started');
          await send(event, 'completed');
        }
      } else {
        const reason = reasons[Math.floor(draw(seed, `reason:${event.id}`) * reasons.length)]!;
        await send(event, 'rejected', reason);
        stats.declined += 1;
      }
      log.debug({ referralId: event.data.referralId, providerId: event.data.providerId }, 'answered referral request');
    },
  });
  await joined;
  return {
    stats,
    setSender(next) {
      sender = next ?? kafkaSender;
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}
