/**
 * Feeds the audit store from the audit topic (reads, notices) and from the steps' sealed events on the case
 * topic (audit/step-entry.ts derives each step's entry; a case event without a seal is no audit record and is
 * passed over: a worker before 2026-12-03 published the step's record on the audit topic). The records fetched
 * together from a partition are appended together (one transaction per slice of up to APPEND_BATCH_SIZE), and
 * their offsets are resolved only after that, so a crash re-reads them and the store, keyed by the entry's id,
 * appends each once. While the database is down the consumer retries the same records with backoff, heartbeating
 * so it keeps its partitions; it never skips a record it could store.
 *
 * Validation is deliberately minimal: an audit record with an unexpected action or role is still worth keeping.
 * But a record must carry the seal of a Dolbom publisher (privacy/audit-seal.ts), and its id must not name a
 * different recorded entry. A record refused for either reason, or one that cannot be stored at all, is never
 * dropped silently: it is logged as an error and the refusal itself is appended to the chain
 * (`audit.record-refused`, under the case id `audit-refusals`), so a review sees every attempt.
 */
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { superviseConsumer, type SupervisedConsumer } from '../platform/kafka-consumer';
import { z } from 'zod';
import type { TopicNames } from '../events/topics';
import { SYSTEM_ACTOR } from '../domain/actor';
import { AUDIT_EVENT_TYPE } from '../domain/vocabulary';
import { AUDIT_SEAL_HEADER, type AuditSealer } from '../privacy/audit-seal';
import { auditEntryProblem, type AppendResult, type AuditStore } from './audit-store';
import type { AuditEntryInput } from './chain';
import { parseRecord } from './record-json';
import { auditEntryFromStepEvent } from './step-entry';

/** The case id under which the store records the audit records it refused. */
export const AUDIT_REFUSALS_CASE_ID = 'audit-refusals';
export const AUDIT_RECORD_REFUSED = 'audit.record-refused';
export type AuditRefusalReason = 'malformed' | 'unsealed' | 'id-conflict';
/** Records appended in one transaction at most: a fetched batch is split into slices of this many. */
export const APPEND_BATCH_SIZE = 200;
/** What the broker gathers before it answers a fetch of the audit topic, and how long it may wait for it. */
const AUDIT_FETCH_MIN_BYTES = 64 * 1024;
const AUDIT_FETCH_MAX_WAIT_MS = 250;
/** How often stored records' offsets are committed (and once more when the consumer stops). */
const AUDIT_COMMIT_INTERVAL_MS = 1000;

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
  const parsed = parseRecord(value, AuditEventEnvelope);
  if (!parsed.ok) return parsed;
  const entry = auditEntryFromEvent(parsed.data);
  const problem = auditEntryProblem(entry);
  return problem ? { ok: false, problem } : { ok: true, entry };
}

export interface AuditConsumerStats {
  /** Records read from the topics. */
  received: number;
  /** Case events without a seal, passed over: not audit records (their step's record came on the audit topic). */
  notAudited: number;
  appended: number;
  /** Redelivered events already in the store. */
  duplicates: number;
  /** Events whose id was already recorded for different contents: refused, and the refusal recorded. */
  idConflicts: number;
  /** Records that cannot be audit entries: refused, and the refusal recorded. */
  malformed: number;
  /** Records without a valid seal (not published by Dolbom, or altered): refused, and the refusal recorded. */
  unsealed: number;
  /** Failed appends that were tried again. */
  retries: number;
  /** Offset commits made: at most one an interval while records come, and one at stop. */
  commits: number;
}

export interface AuditConsumerOptions {
  kafka: Kafka;
  topics: Pick<TopicNames, 'audit' | 'caseEvents'>;
  store: AuditStore;
  /** Checks each record's seal (privacy/audit-seal.ts). */
  sealer: AuditSealer;
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
  const stats: AuditConsumerStats = {
    received: 0,
    notAudited: 0,
    appended: 0,
    duplicates: 0,
    idConflicts: 0,
    malformed: 0,
    unsealed: 0,
    retries: 0,
    commits: 0,
  };
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

  async function appendUntilStored(
    entries: AuditEntryInput[],
    where: Record<string, unknown>,
    heartbeat: () => Promise<void>,
  ): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      if (stopping) throw new Error('audit consumer stopping; the records will be read again on the next start');
      try {
        return await opts.store.appendBatch(entries);
      } catch (err) {
        stats.retries++;
        const delay = Math.min(max, initial * 2 ** (attempt - 1));
        log.warn(
          { err, ...where, eventIds: entries.slice(0, 5).map((e) => e.eventId), entries: entries.length, attempt, retryInMs: delay },
          'could not append the audit entries; retrying',
        );
        await sleep(delay);
        // Keeps the partition assigned to us; throws when the group rebalances, and the records are re-read.
        await heartbeat();
      }
    }
  }

  /** The refusal of a record, for the chain; its id names the record's place on the topic, so a re-read adds nothing. */
  function refusal(
    reason: AuditRefusalReason,
    where: { topic: string; partition: number; offset: string },
    message: KafkaMessage,
    details: Record<string, unknown>,
  ): AuditEntryInput {
    log.error({ ...where, reason, ...details }, 'refused a record on the audit topic; the refusal is recorded in the audit chain');
    return {
      eventId: `refused/${where.topic}/${where.partition}/${where.offset}`,
      caseId: AUDIT_REFUSALS_CASE_ID,
      target: where.topic,
      action: AUDIT_RECORD_REFUSED,
      access: 'write',
      actorRole: SYSTEM_ACTOR.role,
      actorId: SYSTEM_ACTOR.id,
      // The record's broker timestamp: a re-read builds the identical refusal, which the store de-duplicates.
      at: new Date(Number(message.timestamp)),
      details: { reason, partition: where.partition, offset: where.offset, ...details },
    };
  }

  /** What one record adds to the chain: its entry, or the refusal of it. */
  type Planned =
    | { kind: 'record'; entry: AuditEntryInput; where: { topic: string; partition: number; offset: string }; message: KafkaMessage }
    | { kind: 'refusal'; entry: AuditEntryInput };

  /** The step's entry derived from its event on the case topic; a derived entry's id is keyed like a record's. */
  const stepEntryId = (eventId: string) => opts.sealer.eventId(`step/${eventId}`);

  function plan(topic: string, partition: number, message: KafkaMessage): Planned | undefined {
    stats.received++;
    const where = { topic, partition, offset: message.offset };
    const sealHeader = message.headers?.[AUDIT_SEAL_HEADER]?.toString();
    const step = topic === opts.topics.caseEvents;
    if (step && sealHeader === undefined) {
      stats.notAudited++;
      return undefined;
    }
    const parsed = step ? auditEntryFromStepEvent(message.value, stepEntryId) : parseAuditMessage(message.value);
    if (!parsed.ok) {
      stats.malformed++;
      return { kind: 'refusal', entry: refusal('malformed', where, message, { problem: parsed.problem.slice(0, 500) }) };
    }
    const seal = opts.sealer.check(message.value!, sealHeader);
    if (!seal.ok) {
      stats.unsealed++;
      const claimed = { claimedEventId: parsed.entry.eventId, claimedCaseId: parsed.entry.caseId };
      return { kind: 'refusal', entry: refusal('unsealed', where, message, { problem: seal.problem, ...claimed }) };
    }
    return { kind: 'record', entry: parsed.entry, where, message };
  }

  /**
   * Appends the records consumed together in one transaction, in their order on the partition, each refusal
   * in its record's place; the store ends a batch at an id conflict, whose refusal goes in next, so the chain
   * is the one appending them one by one would make.
   */
  async function handle(topic: string, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void>) {
    let pending = messages.map((m) => plan(topic, partition, m)).filter((p) => p !== undefined);
    const where = { topic, partition, offsets: `${messages[0]!.offset}-${messages.at(-1)!.offset}` };
    while (pending.length > 0) {
      const results = await appendUntilStored(
        pending.map((p) => p.entry),
        where,
        heartbeat,
      );
      const done = pending.slice(0, results.length);
      pending = pending.slice(results.length);
      done.forEach((p, i) => {
        if (p.kind !== 'record') return;
        const result = results[i]!;
        if (result.outcome === 'appended') stats.appended++;
        else if (result.outcome === 'duplicate') stats.duplicates++;
        else {
          stats.idConflicts++;
          const claimed = { claimedEventId: p.entry.eventId, claimedCaseId: p.entry.caseId };
          pending.unshift({ kind: 'refusal', entry: refusal('id-conflict', p.where, p.message, { ...claimed, recordedSeq: result.seq }) });
        }
      });
    }
  }

  const groupId = opts.groupId ?? 'dolbom.audit-store';
  // The broker holds a fetch until it has AUDIT_FETCH_MIN_BYTES or AUDIT_FETCH_MAX_WAIT_MS passed, and offsets are
  // committed once a second: at load, records come in fewer, larger fetches and transactions, for fewer requests
  // (docs/performance.md). A record is stored at most that wait later; a re-read after a crash is de-duplicated.
  const consumer: Consumer = opts.kafka.consumer({ groupId, minBytes: AUDIT_FETCH_MIN_BYTES, maxWaitTimeInMs: AUDIT_FETCH_MAX_WAIT_MS });
  // A crash kafkajs does not restart from takes the process down, for its supervisor to restart it.
  const health = superviseConsumer(consumer, {
    name: 'audit',
    groupId,
    topics: [opts.topics.audit, opts.topics.caseEvents],
    logger: log,
    ...(opts.onConsumerFatal ? { onFatal: opts.onConsumerFatal } : {}),
  });
  /** Per topic and partition, the offset after the last record stored: what a commit at stop hands over. */
  const stored = new Map<string, { topic: string; partition: number; offset: string }>();
  consumer.on(consumer.events.COMMIT_OFFSETS, () => void stats.commits++);
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [opts.topics.audit, opts.topics.caseEvents], fromBeginning: true });
    await consumer.run({
      // Offsets are resolved by hand, each after its records are stored, and committed once an interval. Not by
      // kafkajs' autoCommit: its runner commits after every partition's batch, whatever autoCommitInterval says
      // (three commits per fetch at load, docs/performance.md). A record stored but not committed when the group
      // rebalances or the process dies is read again and de-duplicated by its id.
      autoCommit: false,
      autoCommitInterval: AUDIT_COMMIT_INTERVAL_MS,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
        for (let from = 0; from < batch.messages.length; from += APPEND_BATCH_SIZE) {
          if (!isRunning() || isStale()) return;
          const messages = batch.messages.slice(from, from + APPEND_BATCH_SIZE);
          await handle(batch.topic, batch.partition, messages, heartbeat);
          const last = messages.at(-1)!.offset;
          resolveOffset(last);
          stored.set(`${batch.topic}/${batch.partition}`, {
            topic: batch.topic,
            partition: batch.partition,
            offset: (BigInt(last) + 1n).toString(),
          });
          await heartbeat();
        }
        await commitOffsetsIfNecessary();
      },
    });
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  log.info({ topics: [opts.topics.audit, opts.topics.caseEvents] }, 'audit consumer started');

  return {
    stats,
    health,
    async stop() {
      stopping = true;
      for (const wake of [...wakeSleepers]) wake();
      // What is stored is committed before leaving, so a restart reads nothing twice (best effort: a group that
      // rebalanced refuses it, and the next owner de-duplicates what it reads again).
      const offsets = [...stored.values()];
      if (offsets.length > 0)
        await consumer.commitOffsets(offsets).catch((err: unknown) => log.warn({ err }, 'could not commit the audit offsets at stop'));
      await consumer.disconnect();
    },
  };
}
