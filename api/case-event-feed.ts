/**
 * The live feed of case changes in the API process: a Kafka consumer of the case-state and case-events topics,
 * the read model it fills (api/case-read-model.ts), and the streams listening to one case each (the console's open
 * case pages, an API client's `GET /cases/{caseId}/events`). Every API process sees every message (its own group
 * id, starting at the end: only what happens from now on matters to a listener). A listener is told "this case
 * changed" and what kind of change, and reads what its caller may see, through the same scoped and audited read
 * as any other.
 *
 * A listener is told when the case's new state is here, so the read it makes shows the change. A case event
 * whose state does not come within a second (the state was lost with a crashed worker) evicts the case from the
 * read model and tells the listener then: its read goes to the workflow.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { caseStateHeaders } from '../events/case-state-message';
import type { TopicNames } from '../events/topics';
import { superviseConsumer } from '../platform/kafka-consumer';
import type { CaseReadModel } from './case-read-model';

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

export async function startCaseEventFeed(o: {
  kafka: Kafka;
  topics: TopicNames;
  logger: Logger;
  readModel: CaseReadModel;
}): Promise<CaseEventFeed> {
  const listeners = new Map<string, Set<CaseEventListener>>();
  const anyCase: ((caseId: string) => void)[] = [];
  const logger = o.logger.child({ component: 'console-live' });
  const groupId = `dolbom-console-live-${randomUUID()}`;
  const consumer = o.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  // A consumer that gives up would leave pages silently stale: the process goes down and is restarted instead.
  const topics = [o.topics.caseState, o.topics.caseEvents];
  superviseConsumer(consumer, { name: 'console-live', groupId, topics, logger });
  const tell = (caseId: string, type: string) => {
    for (const l of anyCase) l(caseId);
    for (const l of listeners.get(caseId) ?? []) l(type);
  };
  const awaitingState = new Map<string, NodeJS.Timeout>();
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, message }) => {
      const caseId = message.key?.toString();
      if (!caseId) return;
      const receivedAt = Date.now();
      if (topic === o.topics.caseState) {
        const headers = caseStateHeaders(message.headers);
        if (!headers || !message.value) return void logger.warn({ caseId }, 'case-state message without its headers: ignored');
        if (o.readModel.put(caseId, headers, message.value)) tell(caseId, headers.changeType);
        return;
      }
      // A case event: its state came with it (just before, as the case hands it over first), or comes soon.
      const type = message.headers?.ce_type?.toString() ?? 'unknown';
      if ((o.readModel.arrivedAt(caseId) ?? -Infinity) >= receivedAt - STATE_AFTER_EVENT_MS || awaitingState.has(caseId)) return;
      awaitingState.set(
        caseId,
        setTimeout(() => {
          awaitingState.delete(caseId);
          if ((o.readModel.arrivedAt(caseId) ?? -Infinity) >= receivedAt) return;
          o.readModel.evict(caseId);
          tell(caseId, type);
        }, STATE_AFTER_EVENT_MS),
      );
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
      for (const t of awaitingState.values()) clearTimeout(t);
      awaitingState.clear();
      await consumer.disconnect();
    },
  };
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
