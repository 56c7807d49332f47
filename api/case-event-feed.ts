/**
 * The live feed of case changes in the API process: a Kafka consumer of the case-state and case-events topics,
 * the read model it fills (api/case-read-model.ts), and the streams listening to one case each (the console's open
 * case pages, an API client's `GET /cases/{caseId}/events`). Every API process sees every message (its own group
 * id, starting at the end: only what happens from now on matters to a listener). A listener is told "this case
 * changed" and what kind of change, and reads what its caller may see, through the same scoped and audited read
 * as any other.
 *
 * A listener is told when the case's new state is here, so the read it makes shows the change. A case event that
 * the held state does not show (its timeline entry, or its referral's status), and that no state showing it
 * follows within a second (it was lost with a crashed worker), evicts the case from the read model and tells the
 * listener then: its read goes to the workflow.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { PayloadCodec } from '@temporalio/common';
import { caseStateHeaders, decodeReferralNotice, isReferralNotice } from '../events/case-state-message';
import { REFERRAL_STATUS_CHANGED_TYPE } from '../domain/vocabulary';
import { CASE_STATE_PARTITIONS, type TopicNames } from '../events/topics';
import { superviseConsumer } from '../platform/kafka-consumer';
import type { CaseReadModel, EventFacts } from './case-read-model';

export type CaseEventListener = (eventType: string) => void;

export interface CaseEventFeed {
  subscribe(caseId: string, listener: CaseEventListener): () => void;
  /** Every case that changed (the caseload's row cache forgets it). */
  onAnyCase(listener: (caseId: string) => void): void;
  /** The cases' latest states, as this feed brought them. */
  readModel: CaseReadModel;
  stop(): Promise<void>;
}

/** How long a case event waits for its case's state before the read model lets the case go. */
export const STATE_AFTER_EVENT_MS = 1000;
/**
 * What the broker gathers before it answers the feed's fetch, and how long it may hold the fetch for it. At load a
 * fetch brings every message of its wait, not one message each (docs/performance.md, 2026-12-04): a live update
 * comes at most LIVE_FETCH_MAX_WAIT_MS later, and an idle feed asks the broker that often.
 */
export const LIVE_FETCH_MIN_BYTES = 64 * 1024;
export const LIVE_FETCH_MAX_WAIT_MS = 50;

export async function startCaseEventFeed(o: {
  kafka: Kafka;
  topics: TopicNames;
  logger: Logger;
  readModel: CaseReadModel;
  /** Decrypts the referrals' notices (the same codec as the read model's). */
  codec: PayloadCodec;
}): Promise<CaseEventFeed> {
  const listeners = new Map<string, Set<CaseEventListener>>();
  const anyCase: ((caseId: string) => void)[] = [];
  const logger = o.logger.child({ component: 'console-live' });
  const groupId = `dolbom-console-live-${randomUUID()}`;
  const consumer = o.kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    minBytes: LIVE_FETCH_MIN_BYTES,
    maxWaitTimeInMs: LIVE_FETCH_MAX_WAIT_MS,
  });
  // A consumer that gives up would leave pages silently stale: the process goes down and is restarted instead.
  const topics = [o.topics.caseState, o.topics.caseEvents];
  superviseConsumer(consumer, { name: 'console-live', groupId, topics, logger });
  const tell = (caseId: string, type: string) => {
    for (const l of anyCase) l(caseId);
    for (const l of listeners.get(caseId) ?? []) l(type);
  };
  /** Case events whose state has not come yet, per case, with the timer that checks them. */
  const awaitingState = new Map<string, { events: { facts: EventFacts; type: string }[]; timer: NodeJS.Timeout }>();
  const checkAwaited = async (caseId: string) => {
    const awaited = awaitingState.get(caseId);
    awaitingState.delete(caseId);
    for (const e of awaited?.events ?? []) {
      if (await o.readModel.reflects(caseId, e.facts)) continue;
      // The state that shows this event did not come (lost with a crashed worker): ask the workflow instead.
      o.readModel.evict(caseId);
      tell(caseId, e.type);
      return;
    }
  };
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    // One partition's messages in order (a case's states and notices share its key), the partitions of one fetch
    // side by side: a state waits only behind its own partition's, not behind every batch the fetch brought.
    partitionsConsumedConcurrently: CASE_STATE_PARTITIONS,
    eachMessage: async ({ topic, message }) => {
      const caseId = message.key?.toString();
      if (!caseId) return;
      if (topic === o.topics.caseState) {
        if (isReferralNotice(message.headers)) {
          // A referral's notice to its case: shown at once when the model can apply it as the case would.
          const notice = message.value ? await decodeReferralNotice(message.value, o.codec).catch(() => undefined) : undefined;
          if (!notice) return void logger.warn({ caseId }, 'referral notice that does not decode: ignored');
          if (await o.readModel.applyNotice(caseId, notice)) tell(caseId, REFERRAL_STATUS_CHANGED_TYPE);
          return;
        }
        const headers = caseStateHeaders(message.headers);
        if (!headers) return void logger.warn({ caseId }, 'case-state message without its headers: ignored');
        if (await o.readModel.put(caseId, headers, message.value ?? undefined)) tell(caseId, headers.changeType);
        return;
      }
      // A case event: the state that shows it came already (the case hands it over before it publishes), or
      // comes within a second.
      const facts = eventFacts(caseId, message.value);
      if (await o.readModel.reflects(caseId, facts)) return;
      const type = message.headers?.ce_type?.toString() ?? 'unknown';
      const awaited = awaitingState.get(caseId);
      if (awaited) return void awaited.events.push({ facts, type });
      const timer = setTimeout(() => void checkAwaited(caseId), STATE_AFTER_EVENT_MS);
      awaitingState.set(caseId, { events: [{ facts, type }], timer });
    },
  });
  logger.info({ topics }, 'console live feed consuming case states and events');
  return {
    subscribe(caseId, listener) {
      const set = listeners.get(caseId) ?? new Set();
      set.add(listener);
      listeners.set(caseId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(caseId);
      };
    },
    onAnyCase: (listener) => void anyCase.push(listener),
    readModel: o.readModel,
    stop: async () => {
      await consumer.disconnect();
      for (const a of awaitingState.values()) clearTimeout(a.timer);
      awaitingState.clear();
    },
  };
}

/** What a case event says, as far as the read model can check it; nothing when it cannot be read. */
export function eventFacts(caseId: string, value: Buffer | null | undefined): EventFacts {
  try {
    const { subject, data } = JSON.parse(value?.toString() ?? '') as { subject?: unknown; data?: Record<string, unknown> };
    if (subject === caseId && typeof data?.seq === 'number') return { seq: data.seq };
    if (typeof data?.referralId === 'string' && typeof data.status === 'string')
      return { referralId: data.referralId, status: data.status };
  } catch {
    // Not JSON: nothing to check against, so the case is asked of the workflow unless a state follows.
  }
  return {};
}

/**
 * Streams one case's changes to an HTTP caller as server-sent events (`event: case-updated`, the event's type as
 * data), until the caller goes. The caller's scope is checked before this is called.
 */
export function streamCaseChanges(feed: CaseEventFeed, caseId: string, req: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const unsubscribe = feed.subscribe(caseId, (type) => res.write(`event: case-updated\ndata: ${type.replace(/[^\w.-]/g, '')}\n\n`));
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  req.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
