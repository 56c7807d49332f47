/**
 * The live feed of case changes in the API process: a Kafka consumer of the case-events topic, and the streams
 * listening to one case each (the console's open case pages, an API client's `GET /cases/{caseId}/events`).
 * Every API process sees every event (its own group id, starting at the end: only what happens from now on
 * matters to a listener). An event carries no case data to the listener: it is told "this case changed" and
 * reads what its caller may see, through the same scoped and audited read as any other.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicNames } from '../events/topics';
import { superviseConsumer } from '../platform/kafka-consumer';

export type CaseEventListener = (eventType: string) => void;

export interface CaseEventFeed {
  subscribe(caseId: string, listener: CaseEventListener): () => void;
  /** Every case that changed (the caseload's row cache forgets it). */
  onAnyCase(listener: (caseId: string) => void): void;
  stop(): Promise<void>;
}

export async function startCaseEventFeed(o: { kafka: Kafka; topics: TopicNames; logger: Logger }): Promise<CaseEventFeed> {
  const listeners = new Map<string, Set<CaseEventListener>>();
  const anyCase: ((caseId: string) => void)[] = [];
  const logger = o.logger.child({ component: 'console-live' });
  const groupId = `dolbom-console-live-${randomUUID()}`;
  const consumer = o.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  // A consumer that gives up would leave pages silently stale: the process goes down and is restarted instead.
  superviseConsumer(consumer, { name: 'console-live', groupId, topics: [o.topics.caseEvents], logger });
  await consumer.connect();
  await consumer.subscribe({ topic: o.topics.caseEvents, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const caseId = message.key?.toString();
      const type = message.headers?.ce_type?.toString() ?? 'unknown';
      if (!caseId) return;
      for (const l of anyCase) l(caseId);
      for (const l of listeners.get(caseId) ?? []) l(type);
    },
  });
  logger.info({ topic: o.topics.caseEvents }, 'console live feed consuming case events');
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
    stop: async () => consumer.disconnect(),
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
