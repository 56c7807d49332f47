/**
 * The inbound bridge: consumes provider responses from Kafka, validates each, and delivers it to its referral
 * workflow. Refused messages go to the dead-letter topic with the reason, and the consumer carries on.
 *
 * Nothing is lost or applied twice:
 * - an offset is resolved (and later committed) only after Temporal accepted the update, so a crash between the
 *   two redelivers the message; the redelivery carries the same event id, which the workflow applies once;
 * - while Temporal is slow or down, delivery retries inside the handler with backoff, heartbeating the group,
 *   so the partition simply waits (back-pressure) instead of triggering a rebalance.
 *
 * One message never stops consumption: everything the bridge cannot apply ends on the dead-letter topic with a
 * reason (bad JSON or schema, a batch that cannot be decompressed, a body too large to copy whole, an update the
 * workflow refuses for any reason). Retries without bound happen only while Temporal or Kafka is unreachable.
 * If the consumer itself crashes for good, the process exits for its supervisor to restart it
 * (platform/kafka-consumer.ts); its state (group joined, partitions, lag) is in `health`.
 *
 * Throughput: each fetched batch is handled with messages of different keys (referral ids) concurrently, up
 * to `maxInFlight` across all partitions, and one referral's messages in order. The offset resolved is the
 * highest one whose message and all earlier ones in the partition were handled (bridge/keyed-batch.ts).
 */
import type { Client } from '@temporalio/client';
import type { Consumer, EachBatchPayload, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { systemScope } from '../domain/access';
import { parseProviderResponse } from '../events/schemas/provider-responses';
import type { TopicNames } from '../events/topics';
import { publishDeadLetter } from './dead-letter-publisher';
import { deliverProviderReport, type DeliveryOutcome } from './deliver-report';
import { createLimiter, processKeyedBatch } from './keyed-batch';
import { undecodableInfo } from '../platform/kafka-codecs';
import { superviseConsumer, type SupervisedConsumer } from '../platform/kafka-consumer';
import type { EventProducer } from '../platform/durable-producer';

export interface BridgeStats {
  received: number;
  applied: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
}

export interface BridgeOptions {
  kafka: Kafka;
  client: Client;
  producer: EventProducer;
  topics: TopicNames;
  logger: Logger;
  groupId?: string;
  /** Partitions whose batches are handled at the same time (default: all 6 of the topic). */
  partitionsConsumedConcurrently?: number;
  /** Deliveries to Temporal in flight at once, across partitions (default 24). */
  maxInFlight?: number;
  /** When the consumer crashed for good (default: exit the process, platform/kafka-consumer.ts). */
  onConsumerFatal?: (err: unknown) => void;
  /** How often the bridge looks for providers connected since it started (default 15 s; see below). */
  providerTopicsRefreshMs?: number;
  /** Called after a message was handled and before its offset is resolved (fault-injection in tests). */
  afterHandled?: (payload: EachMessagePayload, outcome: DeliveryOutcome | 'dead-lettered') => Promise<void>;
}

/**
 * Who delivers a report read from Kafka: the bridge, a process of Dolbom (domain/access.ts). It has checked the
 * provider first (the topic's writer, or the contract's actor rules), and the referral checks the assignment.
 */
export const BRIDGE_SCOPE = systemScope('bridge');

/** What a handler sees of one message: kafkajs's eachMessage payload, built from the batch. */
type MessagePayload = EachMessagePayload;

export interface RunningBridge {
  consumer: Consumer;
  stats: BridgeStats;
  /** The consumer's state for health endpoints (joined, partitions, lag). */
  health: SupervisedConsumer;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 5000;
const DEFAULT_MAX_IN_FLIGHT = 24;

const HEARTBEAT_MS = 2000;
/**
 * How long the broker holds an idle fetch: kafkajs' default, stated here because a consumer's disconnect waits for
 * its fetch, so it bounds how long a bridge takes to leave its group. workers/bridge-main.ts waits BRIDGE_LEAVE_MS for
 * its consumers to leave after one crashed; a fixed 3 s was shorter than this, and the restarted bridge then waited
 * for a sibling's session to expire (docs/performance.md, 2026-12-02 afternoon, CI). With a 1 s fetch wait instead,
 * a bridge test saw one message dead-lettered twice in one CI (923d05b); whether the wait caused it is not known, so
 * the fetch keeps kafkajs' default and the process waits the longer.
 */
export const BRIDGE_FETCH_MAX_WAIT_MS = 5000;
/** What a bridge process gives its consumers to leave the group before it exits: a held fetch and a LeaveGroup. */
export const BRIDGE_LEAVE_MS = BRIDGE_FETCH_MAX_WAIT_MS + 2000;

export async function startProviderResponseBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const log = opts.logger.child({ component: 'bridge' });
  const stats: BridgeStats = { received: 0, applied: 0, duplicates: 0, deadLettered: 0, retries: 0 };
  let stopping = false;
  const groupId = opts.groupId ?? 'dolbom-bridge';
  const consumer = opts.kafka.consumer({
    groupId,
    // A bridge that died without leaving the group holds its partitions until its session expires: 10 s, not
    // kafkajs' 30 s, bounds that pause after a crash or a broker restart (npm run test:faults measures it).
    // Handlers heartbeat while they wait for Temporal, so a slow delivery does not expire the session.
    sessionTimeout: 10000,
    heartbeatInterval: HEARTBEAT_MS,
    maxWaitTimeInMs: BRIDGE_FETCH_MAX_WAIT_MS,
    // Per-referral order is kept by handling one key's messages in turn (messages are keyed by referral id).
    maxBytesPerPartition: 1024 * 1024,
  });
  // The shared responses topic (written by Dolbom's stand-in for providers without a system, simulator/) and every
  // connected provider's own responses topic (npm run provider:connect), whose writer only that provider can be.
  const admin = opts.kafka.admin();
  await admin.connect();
  const providerReplyTopics = async () => (await admin.listTopics()).filter((t) => opts.topics.providerOfReplies(t) !== undefined);
  const subscribed = [opts.topics.providerResponses, ...(await providerReplyTopics())];
  const health = superviseConsumer(consumer, {
    name: 'provider-responses',
    groupId,
    topics: subscribed,
    logger: log,
    ...(opts.onConsumerFatal ? { onFatal: opts.onConsumerFatal } : {}),
  });
  await consumer.connect();
  await consumer.subscribe({ topics: subscribed, fromBeginning: true });

  /**
   * Runs `call` until it succeeds, waiting with backoff while a server is unreachable (the only failures left to
   * it: everything final is an outcome, not a throw) and heartbeating the group; the offset stays unresolved.
   */
  const untilReachable = async <T>(
    p: MessagePayload,
    call: () => Promise<T>,
    waitingFor: string,
    where: Record<string, unknown>,
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (stopping) throw err;
        stats.retries += 1;
        const wait = Math.min(MAX_BACKOFF_MS, 200 * 2 ** attempt);
        log.warn({ err, ...where, attempt, waitMs: wait }, `${waitingFor}; retrying (offset not committed)`);
        await new Promise((r) => setTimeout(r, wait));
        await p.heartbeat();
      }
    }
  };

  const deadLetter = async (p: MessagePayload, reason: Parameters<typeof publishDeadLetter>[2]['reason'], detail: string) => {
    const at = new Date();
    const refused = { topic: p.topic, partition: p.partition, message: p.message, reason, detail };
    await untilReachable(
      p,
      () => publishDeadLetter(opts.producer, opts.topics.deadLetter, refused, at),
      'could not reach the dead-letter topic yet',
      { reason },
    );
    stats.deadLettered += 1;
    log.warn({ reason, detail, topic: p.topic, partition: p.partition, offset: p.message.offset }, 'provider response dead-lettered');
  };

  const deliverWithRetry = (p: MessagePayload, referralId: string, report: Parameters<typeof deliverProviderReport>[2]) =>
    untilReachable(
      p,
      () => deliverProviderReport(opts.client, referralId, report, BRIDGE_SCOPE),
      'Temporal did not accept the report yet',
      {
        referralId,
      },
    );

  /** One message: parsed, delivered (or dead-lettered), counted, then the afterHandled hook. */
  const handleMessage = async (p: MessagePayload) => {
    stats.received += 1;
    const undecodable = undecodableInfo(p.message.headers);
    if (undecodable) {
      await deadLetter(
        p,
        'undecodable',
        `a ${undecodable.codec} batch of ${undecodable.compressedBytes} bytes could not be decompressed: ${undecodable.error}`,
      );
      await opts.afterHandled?.(p, 'dead-lettered');
      return;
    }
    const parsed = parseProviderResponse(p.message.value ?? '', { key: p.message.key, headers: p.message.headers });
    if (!parsed.ok) {
      await deadLetter(p, parsed.reason, parsed.detail);
      await opts.afterHandled?.(p, 'dead-lettered');
      return;
    }
    // Identity comes from the topic: only the provider's own principal may write its responses topic
    // (events/kafka-acls.ts), so what the message claims must be that provider.
    const writer = opts.topics.providerOfReplies(p.topic);
    if (writer !== undefined && parsed.event.data.providerId !== writer) {
      await deadLetter(
        p,
        'provider-mismatch',
        `${p.topic} belongs to provider ${writer}; the message claims ${parsed.event.data.providerId}`,
      );
      await opts.afterHandled?.(p, 'dead-lettered');
      return;
    }
    const outcome = await deliverWithRetry(p, parsed.event.data.referralId, parsed.report);
    if (outcome.outcome === 'refused') await deadLetter(p, outcome.reason, outcome.detail);
    else if (outcome.outcome === 'duplicate') {
      stats.duplicates += 1;
      log.info({ referralId: parsed.event.data.referralId, eventId: parsed.report.eventId }, 'duplicate provider response ignored');
    } else stats.applied += 1;
    log.debug(
      { referralId: parsed.event.data.referralId, eventId: parsed.report.eventId, outcome: outcome.outcome },
      'provider response handled',
    );
    await opts.afterHandled?.(p, outcome);
  };

  const limiter = createLimiter(opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  const run = () =>
    consumer.run({
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 6,
      eachBatchAutoResolve: false,
      // Resolved offsets are committed at least every second during a long batch, and at its end.
      autoCommitInterval: 1000,
      eachBatch: async (b: EachBatchPayload) => {
        const { batch } = b;
        const payload = (message: KafkaMessage): MessagePayload => ({
          topic: batch.topic,
          partition: batch.partition,
          message,
          heartbeat: b.heartbeat,
          pause: b.pause,
        });
        // Keeps the session alive while every delivery in flight waits on Temporal (a restarting worker or server).
        const keepAlive = setInterval(() => void b.heartbeat().catch(() => undefined), HEARTBEAT_MS);
        try {
          await processKeyedBatch({
            messages: batch.messages,
            limiter,
            shouldContinue: () => b.isRunning() && !b.isStale() && !stopping,
            handle: (message) => handleMessage(payload(message)),
            resolve: (offset) => b.resolveOffset(offset),
            progress: async () => {
              await b.commitOffsetsIfNecessary();
              await b.heartbeat();
            },
          });
        } finally {
          clearInterval(keepAlive);
        }
        await b.heartbeat();
      },
    });
  await run();

  /**
   * A provider connected after the bridge started: kafkajs subscribes to topics that exist at subscribe time only,
   * so the bridge looks at the topic list every `providerTopicsRefreshMs` and, when a provider's responses topic is
   * new, stops its consumer, subscribes to it too and runs again (committed offsets carry over; nothing is lost).
   */
  let refreshing = Promise.resolve();
  const refresh = async () => {
    const fresh = (await providerReplyTopics()).filter((t) => !subscribed.includes(t));
    if (fresh.length === 0 || stopping) return;
    log.info({ topics: fresh }, 'providers connected: subscribing to their responses topics');
    await consumer.stop();
    subscribed.push(...fresh);
    await consumer.subscribe({ topics: fresh, fromBeginning: true });
    await run();
  };
  const watcher = setInterval(() => {
    refreshing = refreshing.then(refresh).catch((err: unknown) => log.warn({ err }, 'could not look for newly connected providers'));
  }, opts.providerTopicsRefreshMs ?? 15000);

  return {
    consumer,
    stats,
    health,
    async stop() {
      stopping = true;
      clearInterval(watcher);
      await refreshing;
      await consumer.disconnect();
      await admin.disconnect();
    },
  };
}
