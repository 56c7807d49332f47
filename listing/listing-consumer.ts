/**
 * Keeps the listing projection (listing/listing-store.ts) from the case-events topic: each fetched batch of a
 * partition is turned into rows (listing/listing-events.ts) and written in one transaction, and its offsets are
 * resolved only after that, so a crash re-reads them and the store, newest row wins, ends where it was. While the
 * database is down the consumer retries the same rows with backoff, heartbeating so it keeps its partitions; a
 * record that is no listing (another type, a run before the projection, one that fails the contract) is passed
 * over, counted and, when invalid, logged: it never stops the partition.
 *
 * One group for every API process feeding the same database (PostgreSQL in production), reading from the start of
 * the topic the first time, so a new database fills from what the topic still holds.
 */
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicNames } from '../events/topics';
import { superviseConsumer, type SupervisedConsumer } from '../platform/kafka-consumer';
import { listingRecordOf } from './listing-events';
import type { ListingStore, ListingUpdates } from './listing-store.types';

/** What the broker gathers before it answers a fetch, and how long it may hold it: rows are written a batch at a time. */
const LISTING_FETCH_MIN_BYTES = 64 * 1024;
const LISTING_FETCH_MAX_WAIT_MS = 250;
const LISTING_COMMIT_INTERVAL_MS = 1000;

export interface ListingConsumerStats {
  received: number;
  cases: number;
  referrals: number;
  /** Records of runs before the projection, or of other types: no listing in them. */
  passedOver: number;
  /** Records that fail the contract: logged and passed over. */
  invalid: number;
  retries: number;
}

export interface ListingConsumer {
  stop(): Promise<void>;
  readonly stats: Readonly<ListingConsumerStats>;
  readonly health: SupervisedConsumer;
}

export async function startListingConsumer(o: {
  kafka: Kafka;
  topics: Pick<TopicNames, 'caseEvents'>;
  store: ListingStore;
  logger: Logger;
  groupId?: string;
  retryDelaysMs?: { initial: number; max: number };
  onConsumerFatal?: (err: unknown) => void;
}): Promise<ListingConsumer> {
  const log = o.logger.child({ component: 'listing-consumer' });
  const { initial, max } = o.retryDelaysMs ?? { initial: 200, max: 5000 };
  const stats: ListingConsumerStats = { received: 0, cases: 0, referrals: 0, passedOver: 0, invalid: 0, retries: 0 };
  let stopping = false;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const groupId = o.groupId ?? 'dolbom.listings';
  const topic = o.topics.caseEvents;
  const consumer: Consumer = o.kafka.consumer({ groupId, minBytes: LISTING_FETCH_MIN_BYTES, maxWaitTimeInMs: LISTING_FETCH_MAX_WAIT_MS });
  const health = superviseConsumer(consumer, {
    name: 'listings',
    groupId,
    topics: [topic],
    logger: log,
    ...(o.onConsumerFatal ? { onFatal: o.onConsumerFatal } : {}),
  });

  async function store(updates: ListingUpdates, where: Record<string, unknown>, heartbeat: () => Promise<void>) {
    for (let attempt = 1; ; attempt++) {
      if (stopping) throw new Error('listing consumer stopping; the records will be read again on the next start');
      try {
        return await o.store.apply(updates);
      } catch (err) {
        stats.retries++;
        const delay = Math.min(max, initial * 2 ** (attempt - 1));
        log.warn({ err, ...where, attempt, retryInMs: delay }, 'could not write the listings; retrying');
        await sleep(delay);
        await heartbeat();
      }
    }
  }

  const stored = new Map<number, string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      autoCommitInterval: LISTING_COMMIT_INTERVAL_MS,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const updates = { cases: [] as ListingUpdates['cases'][number][], referrals: [] as ListingUpdates['referrals'][number][] };
        for (const m of batch.messages) {
          stats.received++;
          const r = listingRecordOf(m.value);
          if (r.kind === 'case') updates.cases.push(r.row);
          else if (r.kind === 'referral') updates.referrals.push(r.row);
          else if (r.why === 'invalid') {
            stats.invalid++;
            log.warn(
              { partition: batch.partition, offset: m.offset, problem: r.detail?.slice(0, 300) },
              'a case-events record that is no listing: passed over',
            );
          } else stats.passedOver++;
        }
        const last = batch.messages.at(-1)!.offset;
        await store(updates, { partition: batch.partition, offsets: `${batch.messages[0]!.offset}-${last}` }, heartbeat);
        stats.cases += updates.cases.length;
        stats.referrals += updates.referrals.length;
        resolveOffset(last);
        stored.set(batch.partition, (BigInt(last) + 1n).toString());
        await heartbeat();
        await commitOffsetsIfNecessary();
      },
    });
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  log.info({ topic, groupId }, 'listing consumer started');
  return {
    stats,
    health,
    async stop() {
      stopping = true;
      const offsets = [...stored].map(([partition, offset]) => ({ topic, partition, offset }));
      if (offsets.length > 0)
        await consumer.commitOffsets(offsets).catch((err: unknown) => log.warn({ err }, 'could not commit the listing offsets at stop'));
      await consumer.disconnect();
    },
  };
}
