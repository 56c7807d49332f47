/**
 * The inbound bridge: consumes provider responses from Kafka, validates each, and delivers it to its referral
 * workflow. Refused messages go to the dead-letter topic with the reason, and the consumer carries on.
 *
 * Nothing is lost or applied twice:
 * - an offset is resolved (and later committed) only after Temporal accepted the update, so a crash between the
 *   two redelivers the message; the redelivery carries the same event id, which the workflow applies once;
 * - while Temporal is slow or down, delivery retries inside the handler with backoff, heartbeating the group,
 *   so the partition simply waits (back-pressure) instead of triggering a rebalance.
 */
import type { Client } from '@temporalio/client';
import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { parseProviderResponse } from '../events/schemas/provider-responses';
import type { TopicNames } from '../events/topics';
import { publishDeadLetter } from './dead-letter-publisher';
import { deliverProviderReport, type DeliveryOutcome } from './deliver-report';

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
  producer: Producer;
  topics: TopicNames;
  logger: Logger;
  groupId?: string;
  partitionsConsumedConcurrently?: number;
  /** Called after a message was handled and before its offset is resolved (fault-injection in tests). */
  afterHandled?: (payload: EachMessagePayload, outcome: DeliveryOutcome | 'dead-lettered') => Promise<void>;
}

export interface RunningBridge {
  consumer: Consumer;
  stats: BridgeStats;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 5000;

export async function startProviderResponseBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const log = opts.logger.child({ component: 'bridge' });
  const stats: BridgeStats = { received: 0, applied: 0, duplicates: 0, deadLettered: 0, retries: 0 };
  let stopping = false;
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId ?? 'dolbom-bridge',
    sessionTimeout: 30000,
    heartbeatInterval: 3000,
    // One message at a time per partition keeps per-referral order (messages are keyed by referral id).
    maxBytesPerPartition: 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: opts.topics.providerResponses, fromBeginning: true });

  const deadLetter = async (p: EachMessagePayload, reason: Parameters<typeof publishDeadLetter>[2]['reason'], detail: string) => {
    await publishDeadLetter(opts.producer, opts.topics.deadLetter, { topic: p.topic, partition: p.partition, message: p.message, reason, detail }, new Date());
    stats.deadLettered += 1;
    log.warn({ reason, detail, topic: p.topic, partition: p.partition, offset: p.message.offset }, 'provider response dead-lettered');
  };

  /** Delivers, retrying transient failures until Temporal answers or the bridge stops. */
  const deliverWithRetry = async (p: EachMessagePayload, referralId: string, report: Parameters<typeof deliverProviderReport>[2]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await deliverProviderReport(opts.client, referralId, report);
      } catch (err) {
        if (stopping) throw err;
        stats.retries += 1;
        const wait = Math.min(MAX_BACKOFF_MS, 200 * 2 ** attempt);
        log.warn({ err, referralId, attempt, waitMs: wait }, 'Temporal did not accept the report yet; retrying (offset not committed)');
        await new Promise((r) => setTimeout(r, wait));
        await p.heartbeat();
      }
    }
  };

  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 3,
    eachMessage: async (p) => {
      stats.received += 1;
      const parsed = parseProviderResponse(p.message.value ?? "", { key: p.message.key, headers: p.message.headers });
      if (!parsed.ok) {
        await deadLetter(p, parsed.reason, parsed.detail);
        await opts.afterHandled?.(p, 'dead-lettered');
        return;
      }
      const attempt = (parsed.event.data as { attempt?: number }).attempt;
      const outcome = await deliverWithRetry(p, parsed.event.data.referralId, { ...parsed.report, ...(attempt ? { attempt } : {}) });
      if (outcome.outcome === 'refused') await deadLetter(p, outcome.reason, outcome.detail);
      else if (outcome.outcome === 'duplicate') stats.duplicates += 1;
      else stats.applied += 1;
      log.debug({ referralId: parsed.event.data.referralId, eventId: parsed.report.eventId, outcome: outcome.outcome }, 'provider response handled');
      await opts.afterHandled?.(p, outcome);
    },
  });

  return {
    consumer,
    stats,
    async stop() {
      stopping = true;
      await consumer.disconnect();
    },
  };
}
