/**
 * npm run test:faults -- [--cases N] [--only <text>] [--keep] [--stack single|cluster]
 *
 * `--stack cluster`: the same load and verification on the cluster stack, one process of each kind killed
 * (faults/cluster-run.ts). The default, `single`, is what follows.
 * Fault runs on an isolated stack (faults/stack.ts: its own Temporal and Kafka on other ports and folder, the
 * worker and bridge as processes this runner kills): for each fault, a load of N cases is brought to planning,
 * half the plans are approved, the fault strikes while the other half are approved and referrals are answered
 * by simulated providers, the part comes back, and every case must settle with nothing lost or applied twice.
 * At the end the dead-letter topic must hold exactly the bad messages put on the inbound topic. Prints a table,
 * writes faults/results/latest.json, and exits 1 when anything was lost or duplicated.
 */
import { connectTemporalClient } from '../platform/temporal-connection';
import { Client } from '@temporalio/client';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DLQ_HEADERS } from '../events/schemas/dead-letter';
import { ensureTopics, topicNames, topicSpecs } from '../events/topics';
import { cliOptions } from '../platform/cli';
import { parseConfig } from '../platform/config';
import { createDataConverter } from '../platform/data-converter';
import { createKafka } from '../platform/kafka';
import { createDurableProducer } from '../platform/durable-producer';
import { createLogger } from '../platform/logger';
import { startProviderSimulator } from '../simulator/provider-simulator';
import { readTopic } from '../test/harness/kafka';
import { runClusterFaults } from './cluster-run';
import { approvePlan, countInFlight, prepareCases, waitSettled } from './load';
import { faultTable, type FaultRow } from './report';
import { FAULTS, type Fault, type FaultContext } from './scenarios';
import { App, serversDown, serversUp, stackEnv } from './stack';
import { verify } from './verify';

const USAGE =
  'usage: npm run test:faults -- [--cases N (default 8)] [--only <text in a fault name>] [--keep (leave the fault stack running)] [--stack single|cluster]';
const OPTIONS = { cases: { type: 'string' }, only: { type: 'string' }, keep: { type: 'boolean' }, stack: { type: 'string' } } as const;
const Args = z.object({
  stack: z.enum(['single', 'cluster']).default('single'),
  cases: z.coerce.number().int().min(2).max(200).default(8),
  only: z.string().optional(),
  keep: z.boolean().default(false),
});
const SETTLE_TIMEOUT_MS = 240_000;

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const say = (s: string) => process.stderr.write(`[faults] ${s}\n`);
/** What to take down if the run fails half-way. */
const cleanup: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  const args = cliOptions(OPTIONS, Args, USAGE);
  if (args.stack === 'cluster') return runClusterFaults(args);
  const stack = stackEnv();
  say(`fresh stack in ${stack.dataDir} (Temporal ${stack.env.TEMPORAL_ADDRESS}, Kafka ${stack.env.KAFKA_BROKERS})`);
  await serversDown(stack).catch(() => undefined);
  fs.rmSync(stack.dataDir, { recursive: true, force: true });
  await serversUp(stack);
  if (!args.keep) cleanup.push(() => serversDown(stack));

  const config = parseConfig(stack.env);
  // Quiet: the runner's own Kafka clients complain on purpose while the broker is down; the apps log to files.
  const logger = createLogger({ level: 'fatal', format: 'json', name: 'dolbom-faults' });
  // Patient clients: the broker is away for 30 s on purpose.
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: 'dolbom-faults',
    logger,
    security: config,
    extra: { retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 } },
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topicSpecs(config.KAFKA_TOPIC_PREFIX));
  await admin.disconnect();
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  const { dataConverter } = createDataConverter(config); // creates the stack's local keyring before the worker reads it
  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });

  const worker = new App('worker', stack);
  const bridge = new App('bridge', stack);
  cleanup.push(
    () => worker.kill('SIGTERM'),
    () => bridge.kill('SIGTERM'),
  );
  say('starting the worker and the bridge');
  await worker.start();
  await bridge.start();
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const sim = await startProviderSimulator({
    kafka,
    producer,
    topics,
    logger,
    acceptRate: 0.6,
    seed: 'faults',
    groupId: 'fault-providers',
    fromBeginning: true,
  });

  const ctx: FaultContext = {
    stack,
    broker: { broker: config.KAFKA_BROKERS[0]!, security: config },
    sim,
    loadIds: [],
    problems: [],
    worker,
    bridge,
    kafka,
    producer,
    topics,
    answered: () => [...sim.stats.answers].map(([requestEventId, e]) => ({ ...e, requestEventId })),
    injected: [],
    redelivered: 0,
  };
  const dlqCount = async () => {
    const a = kafka.admin();
    await a.connect();
    try {
      return (await a.fetchTopicOffsets(topics.deadLetter)).reduce((s, p) => s + Number(p.high), 0);
    } finally {
      await a.disconnect();
    }
  };

  const runFault = async (fault: Fault, index: number): Promise<FaultRow> => {
    say(`${fault.name}: preparing ${args.cases} cases`);
    const ids = await prepareCases(client, config.TEMPORAL_TASK_QUEUE, args.cases, `f${index}`);
    ctx.loadIds = ids;
    ctx.problems = [];
    const before = {
      worker: worker.unexpectedExits,
      bridge: bridge.unexpectedExits,
      bridgeLog: bridge.logSize(),
      requests: sim.stats.requests - sim.stats.answers.size,
    };
    await fault.arm?.(ctx);
    const half = Math.ceil(ids.length / 2);
    await Promise.all(ids.slice(0, half).map((id) => approvePlan(client, id)));
    const casesInFlight = await countInFlight(client, ids);
    const dlqBefore = await dlqCount();
    say(`${fault.name}: ${casesInFlight} cases in flight; striking`);
    const rest = Promise.all(ids.slice(half).map((id) => approvePlan(client, id)));
    const outage = await fault.inject(ctx);
    await rest;
    const { snapshots, settledAt } = await waitSettled(client, ids, SETTLE_TIMEOUT_MS);
    await fault.after?.(ctx);
    const findings = verify(snapshots, ids, ctx.answered());
    const row: FaultRow = {
      fault: fault.name,
      casesInFlight,
      outageS: (outage.backAt - outage.downAt) / 1000,
      recoveryS: settledAt === undefined ? undefined : (settledAt - outage.backAt) / 1000,
      lost: findings.lost.length,
      duplicated: findings.duplicated.length,
      deadLettered: (await dlqCount()) - dlqBefore,
      requestsRedelivered: sim.stats.requests - sim.stats.answers.size - before.requests,
      answersIgnored: bridge.readLog(before.bridgeLog).split('"msg":"duplicate provider response ignored"').length - 1,
      unexpectedExits: { worker: worker.unexpectedExits - before.worker, bridge: bridge.unexpectedExits - before.bridge },
      problems: [...ctx.problems],
      findings,
    };
    say(`${fault.name}: ${settledAt ? 'settled' : 'NOT settled'}; lost ${row.lost}, duplicated ${row.duplicated}`);
    return row;
  };

  const rows: FaultRow[] = [];
  const chosen = FAULTS.filter((f, i) => i === 0 || !args.only || f.name.includes(args.only));
  for (const [i, fault] of chosen.entries()) rows.push(await runFault(fault, i));

  // The dead-letter topic holds exactly the bad messages: every one, byte for byte with its reason, and nothing else.
  const expected = ctx.injected.length;
  const dlq = expected === 0 ? [] : await readTopic(kafka, topics.deadLetter, (ms) => ms.length >= expected, 60_000).catch(() => []);
  await new Promise((r) => setTimeout(r, 2000));
  const dlqTotal = await dlqCount();
  // Whole copies match byte for byte; an excerpt (a body too large to copy) by the SHA-256 it names.
  const wanted = new Map(
    ctx.injected.flatMap((m) => [
      [m.value, m.reason],
      [`sha256:${sha256(m.value)}`, m.reason],
    ]),
  );
  const keptAs = (m: (typeof dlq)[number]) => {
    const digest = m.headers?.[DLQ_HEADERS.originalSha256]?.toString();
    return digest ? `sha256:${digest}` : (m.value?.toString() ?? '');
  };
  const wrongReason = dlq.filter((m) => wanted.get(keptAs(m)) !== m.headers?.[DLQ_HEADERS.reason]?.toString());
  const dlqOk = dlqTotal === expected && dlq.length === expected && wrongReason.length === 0;

  process.stdout.write(
    `\nFault runs: ${args.cases} cases per fault, 2 referrals each, providers accept 60% (seeded), ${ctx.redelivered} answers redelivered\n`,
  );
  process.stdout.write(faultTable(rows));
  process.stdout.write(
    `  dead-letter topic: ${dlqTotal} messages for ${expected} bad ones injected; ${dlq.length} read back, ${wrongReason.length} with the wrong reason or bytes -> ${dlqOk ? 'exact' : 'MISMATCH'}\n`,
  );
  process.stdout.write('  outage: the part down (restart included); recovery: from the part back until every case of the load settled.\n');
  process.stdout.write(
    '  redelivered req/ans: requests providers received again under an event id already seen / answers the bridge ignored as already applied.\n',
  );

  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), cases: args.cases, rows, deadLetter: { total: dlqTotal, injected: expected, wrongReason: wrongReason.length }, redelivered: ctx.redelivered }, null, 2)}\n`,
  );

  await sim.stop();
  await producer.disconnect();
  await connection.close();
  for (const step of cleanup.reverse()) await step();
  const failed = !dlqOk || rows.some((r) => r.lost > 0 || r.duplicated > 0 || r.recoveryS === undefined || r.problems.length > 0);
  if (failed) process.stderr.write('[faults] FAILED: something was lost, duplicated or never settled (see above)\n');
  process.exit(failed ? 1 : 0);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`[faults] run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  process.exit(1);
});
