/**
 * A consumer that dies takes its process with it. kafkajs restarts a consumer after a retriable failure, but
 * after a non-retriable one (an unsupported codec, a decoding bug) it stops consuming while the process keeps
 * running and looks healthy. `superviseConsumer` turns that into an exit with a non-zero code, which the
 * process's supervisor (infra/supervise.sh under `npm start`, the fault runs' App) answers with a restart, and
 * keeps the consumer's state for the health endpoints and `npm run status`: group joined, partitions held,
 * lag, last batch, crashes.
 */
import type { Admin, Consumer } from 'kafkajs';
import type { Logger } from 'pino';

export type ConsumerState = 'starting' | 'joined' | 'rebalancing' | 'restarting' | 'stopped' | 'crashed';

export interface ConsumerHealth {
  name: string;
  groupId: string;
  state: ConsumerState;
  memberId?: string;
  /** Partitions this member holds, per topic. */
  assigned: Record<string, number[]>;
  lastBatchAt?: string;
  /** Crashes kafkajs restarted from. */
  restarts: number;
}

export interface SupervisedConsumer {
  health(): ConsumerHealth;
  /** Messages behind the end of each topic this group reads (committed offsets against the log end). */
  lag(admin: Admin): Promise<{ total: number; byPartition: Record<string, number> }>;
  /** True while the consumer can make progress (joined, or rejoining after a rebalance). */
  ready(): boolean;
}

export interface SuperviseOptions {
  name: string;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** What to do when the consumer crashed for good; default: exit the process with code 70 (EX_SOFTWARE). */
  onFatal?: (err: unknown) => void;
}

export const CONSUMER_CRASH_EXIT_CODE = 70;

export function superviseConsumer(consumer: Consumer, o: SuperviseOptions): SupervisedConsumer {
  const log = o.logger.child({ component: 'consumer', consumer: o.name });
  const h: ConsumerHealth = { name: o.name, groupId: o.groupId, state: 'starting', assigned: {}, restarts: 0 };
  const fatal =
    o.onFatal ??
    (() => {
      // Let pino flush, then leave: a consumer that no longer consumes must not look like a running process.
      setTimeout(() => process.exit(CONSUMER_CRASH_EXIT_CODE), 200);
    });

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    h.state = 'joined';
    h.memberId = e.payload.memberId;
    h.assigned = e.payload.memberAssignment as Record<string, number[]>;
    log.info({ memberId: e.payload.memberId, assigned: h.assigned, durationMs: e.payload.duration }, 'consumer joined its group');
  });
  consumer.on(consumer.events.REBALANCING, () => {
    h.state = 'rebalancing';
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, () => {
    h.lastBatchAt = new Date().toISOString();
  });
  consumer.on(consumer.events.STOP, () => {
    if (h.state !== 'crashed') h.state = 'stopped';
  });
  consumer.on(consumer.events.CRASH, (e) => {
    const { error, restart } = e.payload;
    if (restart) {
      h.state = 'restarting';
      h.restarts += 1;
      log.warn({ err: error, restarts: h.restarts }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    h.state = 'crashed';
    log.fatal({ err: error }, 'consumer crashed and will not restart: exiting so the supervisor restarts the process');
    fatal(error);
  });

  return {
    health: () => ({ ...h, assigned: { ...h.assigned } }),
    ready: () => h.state === 'joined' || h.state === 'rebalancing',
    async lag(admin) {
      const byPartition: Record<string, number> = {};
      let total = 0;
      for (const topic of o.topics) {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: o.groupId, topics: [topic] }),
        ]);
        const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        for (const p of ends) {
          const end = Number(p.high);
          const at = done.get(p.partition) ?? -1;
          // No commit yet: the group starts from the earliest offset still in the log.
          const lag = Math.max(0, end - (at >= 0 ? at : Number(p.low)));
          byPartition[`${topic}/${p.partition}`] = lag;
          total += lag;
        }
      }
      return { total, byPartition };
    },
  };
}
