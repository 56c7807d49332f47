/**
 * Feeds the audit store from the audit topic. Each record is appended before its offset counts as consumed
 * (kafkajs resolves an offset only after eachMessage returns), so a crash re-reads it and the store, keyed by
 * the envelope id, appends it once. While the database is down the consumer retries the same record with
 * backoff, heartbeating so it keeps its partitions; it never skips a record it could store.
 *
 * Validation is deliberately minimal: the topic is ours, and an audit record with an unexpected action or role
 * is still worth keeping. Only records that cannot be stored at all are logged and skipped.
 */
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { superviseConsumer, type SupervisedConsumer } from '../platform/kafka-consumer';
import { z } from 'zod';
import type { TopicNames } from '../events/topics';
import { AUDIT_EVENT_TYPE } from '../domain/vocabulary';
import { auditEntryProblem, type AuditStore } from './audit-store';
import type { AuditEntryInput } from './chain';

const Text = z.string().min(1).max(256);

export const AuditEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  type: z.literal(AUDIT_EVENT_TYPE),
  data: z.object({
    caseId: Text,
    target: Text,
    action: Text,
    access: z.enum(['read', 'write']),
    actorRole: Text,
    actorId: Text,
    at: z.iso.datetime({ offset: true }),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type AuditEventEnvelope = z.infer<typeof AuditEventEnvelope>;

/** The store entry for an audit event; the API puts the client's address of a read in `details.from`. */
export function auditEntryFromEvent(event: AuditEventEnvelope): AuditEntryInput {
  const { data } = event;
  const from = data.details.from;
  return {
    eventId: event.id,
    caseId: data.caseId,
    target: data.target,
    action: data.action,
    access: data.access,
    actorRole: data.actorRole,
    actorId: data.actorId,
    at: data.at,
    sourceIp: typeof from === 'string' ? from : null,
    details: data.details,
  };
}

/** Parses one Kafka record into a store entry, or says why it cannot be one. */
export function parseAuditMessage(value: Buffer | null): { ok: true; entry: AuditEntryInput } | { ok: false; problem: string } {
  if (value === null) return { ok: false, problem: 'empty record (no value)' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = AuditEventEnvelope.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(envelope)'}: ${i.message}`).join('; ') };
  }
  const entry = auditEntryFromEvent(parsed.data);
  const problem = auditEntryProblem(entry);
  return problem ? { ok: false, problem } : { ok: true, entry };
}

export interface AuditConsumerStats {
  /** Records read from the topic. */
  received: number;
  appended: number;
  /** Redelivered events already in the store. */
  duplicates: number;
  /** Events whose id was already recorded for different contents (a bug in whoever published them). */
  idConflicts: number;
  /** Records skipped because they cannot be audit entries. */
  malformed: number;
  /** Failed appends that were tried again. */
  retries: number;
}

export interface AuditConsumerOptions {
  kafka: Kafka;
  topics: Pick<TopicNames, 'audit'>;
  store: AuditStore;
  logger: Logger;
  /** Default `dolbom.audit-store`; every process feeding the same store must use the same group. */
  groupId?: string;
  /** Backoff between failed appends, doubling from the first to the last value. */
  retryDelaysMs?: { initial: number; max: number };
  /** When the consumer crashed for good (default: exit the process, platform/kafka-consumer.ts). */
  onConsumerFatal?: (err: unknown) => void;
}

export interface AuditConsumer {
  /** Stops consuming; an append being retried is abandoned and its record read again on the next start. */
  stop(): Promise<void>;
  /** Counters, updated as records arrive. */
  readonly stats: Readonly<AuditConsumerStats>;
  /** The consumer's state for the health endpoints. */
  readonly health: SupervisedConsumer;
}

export async function startAuditConsumer(opts: AuditConsumerOptions): Promise<AuditConsumer> {
  const log = opts.logger.child({ component: 'audit-consumer' });
  const { initial, max } = opts.retryDelaysMs ?? { initial: 200, max: 5000 };
  const stats: AuditConsumerStats = { received: 0, appended: 0, duplicates: 0, idConflicts: 0, malformed: 0, retries: 0 };
  let stopping = false;
  const wakeSleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeSleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeSleepers.add(done);
    });

  async function appendUntilStored(entry: AuditEntryInput, where: Record<string, unknown>, heartbeat: () => Promise<void>) {
    for (let attempt = 1; ; attempt++) {
      if (stopping) throw new Error('audit consumer stopping; the record will be read again on the next start');
      try {
        return await opts.store.append(entry);
      } catch (err) {
        stats.retries++;
        const delay = Math.min(max, initial * 2 ** (attempt - 1));
        log.warn({ err, ...where, eventId: entry.eventId, attempt, retryInMs: delay }, 'could not append the audit entry; retrying');
        await sleep(delay);
        // Keeps the partition assigned to us; throws when the group rebalances, and the record is re-read.
        await heartbeat();
      }
    }
  }

  async function handle(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>) {
    stats.received++;
    const where = { topic, partition, offset: message.offset };
    const parsed = parseAuditMessage(message.value);
    if (!parsed.ok) {
      stats.malformed++;
      log.warn({ ...where, problem: parsed.problem }, 'skipping a record on the audit topic that is not a storable audit event');
      return;
    }
    const result = await appendUntilStored(parsed.entry, where, heartbeat);
    if (result.outcome === 'appended') stats.appended++;
    else if (result.outcome === 'duplicate') stats.duplicates++;
    else {
      stats.idConflicts++;
      log.warn(
        { ...where, eventId: parsed.entry.eventId, seq: result.seq },
        'an audit event reused the id of a different recorded event; kept the first',
      );
    }
  }

  const groupId = opts.groupId ?? 'dolbom.audit-store';
  const consumer: Consumer = opts.kafka.consumer({ groupId });
  // A crash kafkajs does not restart from takes the process down, for its supervisor to restart it.
  const health = superviseConsumer(consumer, {
    name: 'audit',
    groupId,
    topics: [opts.topics.audit],
    logger: log,
    ...(opts.onConsumerFatal ? { onFatal: opts.onConsumerFatal } : {}),
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: opts.topics.audit, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message, heartbeat }) => handle(topic, partition, message, heartbeat),
    });
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  log.info({ topic: opts.topics.audit }, 'audit consumer started');

  return {
    stats,
    health,
    async stop() {
      stopping = true;
      for (const wake of [...wakeSleepers]) wake();
      await consumer.disconnect();
    },
  };
}
