/**
 * The faults, one at a time, each while a load of cases is in flight. `arm` runs before the load (a fault
 * that must be in place when the messages flow), `inject` while it runs; both say when the part went down
 * and when it was back.
 */
import { CompressionTypes, type Kafka } from 'kafkajs';
import { topicSpecs, type TopicNames } from '../events/topics';
import { CONSUMER_CRASH_EXIT_CODE } from '../platform/kafka-consumer';
import type { RunningSimulator } from '../simulator/provider-simulator';
import { KCAT_CODECS, kcatProduce, type KcatCodec, type KcatTarget } from './kcat';
import { compressibleBadMessages, notAReferral, twoMegabyteBody } from './poison';
import { badMessages, redeliveries, type BadMessage } from './bad-messages';
import { batchCodecs, stopServer, serversUp, type App, type StackEnv } from './stack';
import type { LedgerEntry } from './verify';
import type { EventProducer } from '../platform/durable-producer';

export interface FaultContext {
  stack: StackEnv;
  /** The Kafka broker a provider system outside the project (kcat) connects to. */
  broker: KcatTarget;
  /** The provider side: its answers can go through another client (kcat with a codec). */
  sim: RunningSimulator;
  /** Case ids of the load in flight. */
  loadIds: string[];
  /** Checks a fault adds (a codec really used, an exit code): each string is a failure. */
  problems: string[];
  worker: App;
  bridge: App;
  kafka: Kafka;
  producer: EventProducer;
  topics: TopicNames;
  /** The provider side's ledger so far, with the request event ids. */
  answered(): (LedgerEntry & { requestEventId: string })[];
  /** Bad messages put on the inbound topic by the run, which the dead-letter topic must hold exactly. */
  injected: BadMessage[];
  /** Good messages redelivered by the run, which must be ignored. */
  redelivered: number;
}

export interface Outage {
  downAt: number;
  backAt: number;
}

export interface Fault {
  name: string;
  arm?(ctx: FaultContext): Promise<void>;
  inject(ctx: FaultContext): Promise<Outage>;
  /** After the load settled: undo the arming, check what the fault must have caused. */
  after?(ctx: FaultContext): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const KAFKA_DOWN_MS = 30_000;
export const TEMPORAL_DOWN_MS = 10_000;
export const BRIDGE_CRASH_AFTER = 3;
const INBOUND_PARTITIONS = topicSpecs('').find((t) => t.name === 'provider.responses')!.partitions;

/** A server stopped for a while, then started again on its own data (the same script as npm start). */
function serverDown(server: 'kafka' | 'temporal', name: string, downMs: number): Fault {
  return {
    name,
    async inject(ctx) {
      const downAt = Date.now();
      await stopServer(ctx.stack, server);
      await sleep(Math.max(0, downMs - (Date.now() - downAt)));
      await serversUp(ctx.stack);
      return { downAt, backAt: Date.now() };
    },
  };
}

/** The bridge restarted with a fault setting, dies of it, and is restarted by the supervisor without it. */
function bridgeDies(name: string, faultEnv: NodeJS.ProcessEnv, exitCode?: number): Fault {
  return {
    name,
    async arm(ctx) {
      await ctx.bridge.kill('SIGTERM');
      await ctx.bridge.start(faultEnv);
    },
    async inject(ctx) {
      await ctx.bridge.exited();
      const downAt = ctx.bridge.exitedAt ?? Date.now();
      if (exitCode !== undefined && ctx.bridge.lastExitCode !== exitCode)
        ctx.problems.push(`the bridge exited with ${ctx.bridge.lastExitCode}, not ${exitCode}`);
      await ctx.bridge.restarted(); // by the supervisor, as after any crash, without the fault setting
      return { downAt, backAt: Date.now() };
    },
  };
}

/**
 * Providers answering through kcat (librdkafka) with a compression codec, among bad messages compressed the same
 * way: the answers are applied, the bad ones dead-lettered, and the broker's log shows batches of that codec.
 */
function compressedAnswers(codec: KcatCodec): Fault {
  let before = 0;
  return {
    name: `providers answer ${codec}-compressed (kcat), with bad ${codec} messages`,
    async arm(ctx) {
      before = (await batchCodecs(ctx.stack, ctx.topics.providerResponses))[codec] ?? 0;
      ctx.sim.setSender((m) => kcatProduce(ctx.broker, ctx.topics.providerResponses, codec, [m]));
    },
    async inject(ctx) {
      const downAt = Date.now();
      const bad = compressibleBadMessages(ctx.loadIds[0]!, codec);
      await kcatProduce(ctx.broker, ctx.topics.providerResponses, codec, bad);
      ctx.injected.push(...bad);
      return { downAt, backAt: Date.now() };
    },
    async after(ctx) {
      ctx.sim.setSender(undefined);
      const batches = ((await batchCodecs(ctx.stack, ctx.topics.providerResponses))[codec] ?? 0) - before;
      if (batches < 2) ctx.problems.push(`only ${batches} ${codec} batches reached the inbound topic; the codec was not exercised`);
    },
  };
}

export const FAULTS: Fault[] = [
  { name: 'none (control)', inject: async () => ({ downAt: Date.now(), backAt: Date.now() }) },
  {
    name: 'worker SIGKILL + restart',
    async inject(ctx) {
      const downAt = Date.now();
      await ctx.worker.kill('SIGKILL');
      await ctx.worker.start();
      return { downAt, backAt: Date.now() };
    },
  },
  bridgeDies(
    'bridge killed before commit + restart',
    // The bridge kills itself (SIGKILL) right after Temporal applied a report and before the offset is committed.
    { FAULT_BRIDGE_CRASH_AFTER: String(BRIDGE_CRASH_AFTER) },
  ),
  bridgeDies(
    'bridge consumer crashes inside a running process',
    // kafkajs stops a consumer for good on an error it cannot retry; the process must exit and be restarted.
    { FAULT_BRIDGE_CONSUMER_CRASH_AFTER: String(BRIDGE_CRASH_AFTER) },
    CONSUMER_CRASH_EXIT_CODE,
  ),
  {
    name: 'poison: a case id as referral on every partition',
    async inject(ctx) {
      const poison = notAReferral(ctx.loadIds, INBOUND_PARTITIONS, 'prv-11110-hc-01');
      const downAt = Date.now();
      await ctx.producer.send({
        topic: ctx.topics.providerResponses,
        acks: -1,
        messages: poison.map(({ key, value, headers, partition }) => ({ key, value, headers, partition })),
      });
      ctx.injected.push(...poison);
      return { downAt, backAt: Date.now() };
    },
  },
  ...KCAT_CODECS.map(compressedAnswers),
  {
    name: 'a 2 MB body, gzip-compressed',
    async inject(ctx) {
      const big = twoMegabyteBody(ctx.loadIds[0]!);
      const downAt = Date.now();
      await ctx.producer.send({
        topic: ctx.topics.providerResponses,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: [{ key: big.key, value: big.value }],
      });
      ctx.injected.push(big);
      return { downAt, backAt: Date.now() };
    },
  },
  serverDown('kafka', `Kafka stopped ${KAFKA_DOWN_MS / 1000} s`, KAFKA_DOWN_MS),
  serverDown('temporal', `Temporal stopped ${TEMPORAL_DOWN_MS / 1000} s, restarted on SQLite`, TEMPORAL_DOWN_MS),
  {
    name: 'burst of bad + redelivered messages',
    async inject(ctx) {
      const answered = ctx.answered();
      const target = answered.find((a) => a.answer === 'accepted');
      if (!target) throw new Error('no accepted referral to aim the burst at yet');
      const bad = badMessages(target, 5);
      const again = redeliveries(answered.slice(0, 20));
      // Interleaved, as they would arrive: bad ones among redeliveries of answers already applied.
      const burst = bad.flatMap((m, i) => [m, ...again.slice(i * 2, i * 2 + 2)]).concat(again.slice(bad.length * 2));
      const downAt = Date.now();
      await ctx.producer.send({
        topic: ctx.topics.providerResponses,
        acks: -1,
        messages: burst.map(({ key, value, headers }) => ({ key, value, ...(headers ? { headers } : {}) })),
      });
      ctx.injected.push(...bad);
      ctx.redelivered += again.length;
      return { downAt, backAt: Date.now() };
    },
  },
];
