/**
 * npm run test:faults -- --stack cluster [--cases N] [--only <text>]
 *
 * Fault runs on the cluster stack (docs/cluster.md), started if it is not running (npm run cluster:up): for each
 * fault, N cases are brought to planning (faults/load.ts), half the plans are approved by users through the API,
 * one process of a redundant pair is killed (or PostgreSQL restarted) while the users approve the other half and
 * simulated providers answer the referrals, and the part stays down until every case of the load settled: the peer
 * carries the load. Then the part is brought back (npm run cluster:up) and the cases are verified as on the single
 * node (faults/verify.ts: nothing lost, nothing applied twice). The users (faults/users.ts) say what they saw: API
 * errors and the longest time with no progress. Prints a table, writes faults/results/cluster-latest.json, exits 1
 * when anything was lost, duplicated or never settled.
 */
import { Client } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateLocalSigningKey } from '../api/auth/tokens';
import { CARE_DOMAINS } from '../domain/codes';
import { topicNames } from '../events/topics';
import { createDataConverter } from '../platform/data-converter';
import { createKafka } from '../platform/kafka';
import { createDurableProducer } from '../platform/durable-producer';
import { clusterSettings } from '../platform/local-cluster-stack';
import { createLogger } from '../platform/logger';
import { connectTemporalClient } from '../platform/temporal-connection';
import { caseStateQuery } from '../workflows/case/case.messages';
import { startProviderSimulator } from '../simulator/provider-simulator';
import { clusterUp, killProcess, restartPostgres } from './cluster-stack';
import { countInFlight, prepareCases, waitSettled } from './load';
import { clusterFaultTable, type ClusterFaultRow } from './report';
import { ApiUsers } from './users';
import { verify } from './verify';

const SETTLE_TIMEOUT_MS = 300_000;
const say = (s: string) => process.stderr.write(`[faults:cluster] ${s}\n`);

interface ClusterFault {
  name: string;
  /** Takes the part down; resolves once it is down (PostgreSQL: once it is back). */
  strike(dataDir: string): Promise<void>;
  /** Whether the part stays down until the load settled (a redundant part), else it is back when strike resolves. */
  staysDown: boolean;
}

const kill = (name: string, what: string): ClusterFault => ({
  name: `${what} SIGKILLed`,
  strike: (dataDir) => killProcess(dataDir, name),
  staysDown: true,
});

/** One of each redundant part, and the one part that is not redundant (PostgreSQL), one at a time. */
export const CLUSTER_FAULTS: ClusterFault[] = [
  { name: 'none (control)', strike: async () => undefined, staysDown: false },
  kill('temporal-history-2', 'Temporal history process 2'),
  kill('kafka-1', 'Kafka node 1'),
  kill('worker-1', 'worker 1'),
  kill('bridge-1', 'bridge 1'),
  // The users' client is on api-1 (ApiUsers.current starts at 0): the API process they were using dies.
  kill('api-1', "API process 1 (the users' one)"),
  { name: 'PostgreSQL restarted (fast shutdown, start)', strike: () => restartPostgres(), staysDown: false },
];

export async function runClusterFaults(args: { cases: number; only?: string }): Promise<void> {
  const startedAt = Date.now();
  say('npm run cluster:up (starts what is not running)');
  await clusterUp();
  const s = clusterSettings();
  const config = s.config;
  const logger = createLogger({ level: 'fatal', format: 'json', name: 'dolbom-faults-cluster' });
  // Patient clients: a broker is away on purpose.
  const kafka = createKafka({
    brokers: s.kafkaBrokers,
    clientId: 'dolbom-faults-cluster',
    logger,
    security: s.kafkaAdminSecurity,
    extra: { retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 } },
  });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  const { dataConverter } = createDataConverter(config);
  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });

  // The providers of this run answer only the requests made from now on: their new group starts at the end of
  // every requests topic (committed, so a rebalance while a broker is down cannot skip past a request).
  const groupId = `fault-providers-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  for (const d of CARE_DOMAINS) {
    const topic = topics.referralRequests(d);
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) });
  }
  await admin.disconnect();
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const sim = await startProviderSimulator({ kafka, producer, topics, logger, acceptRate: 0.6, seed: 'faults-cluster', groupId });
  const answered = () => [...sim.stats.answers].map(([requestEventId, e]) => ({ ...e, requestEventId }));
  const key = await loadOrCreateLocalSigningKey(s.dataDir);

  const rows: ClusterFaultRow[] = [];
  const chosen = CLUSTER_FAULTS.filter((f, i) => i === 0 || !args.only || f.name.includes(args.only));
  for (const [index, fault] of chosen.entries()) {
    say(`${fault.name}: preparing ${args.cases} cases`);
    const ids = await prepareCases(client, config.TEMPORAL_TASK_QUEUE, args.cases, `c${index}`);
    const users = new ApiUsers(s.apiBases, key);
    for (const id of ids) await users.enrol(id, await client.workflow.getHandle(id).query(caseStateQuery));
    const half = Math.ceil(ids.length / 2);
    for (const id of ids.slice(0, half)) await users.approvePlan(id);
    const casesInFlight = await countInFlight(client, ids);
    users.watch(ids);
    const requestsBefore = sim.stats.requests - sim.stats.answers.size;
    say(`${fault.name}: ${casesInFlight} cases in flight; striking`);
    const downAt = Date.now();
    const rest = Promise.all(ids.slice(half).map((id) => users.approvePlan(id)));
    await fault.strike(s.dataDir);
    const struckAt = Date.now();
    await rest;
    const { snapshots, settledAt } = await waitSettled(client, ids, SETTLE_TIMEOUT_MS);
    await users.stopWatching();
    const stallEnd = settledAt ?? Date.now();
    const apiErrors = users.errors;
    const apiCalls = users.calls;
    say(`${fault.name}: ${settledAt ? 'settled' : 'NOT settled'}; bringing the cluster back`);
    const restoreFrom = Date.now();
    // The control row took nothing down; cluster:up checking everything costs a minute on this machine.
    if (index > 0) await clusterUp();
    const backAt = Date.now();
    const findings = verify(snapshots, ids, answered());
    rows.push({
      fault: fault.name,
      casesInFlight,
      partDownS: fault.staysDown ? (backAt - downAt) / 1000 : (struckAt - downAt) / 1000, // control: 0; PostgreSQL: its restart
      apiCalls,
      apiErrors,
      apiErrorKinds: { ...users.errorKinds },
      longestStallS: users.longestStallMs(downAt, stallEnd) / 1000,
      settledAfterS: settledAt === undefined ? undefined : (settledAt - downAt) / 1000,
      restoreS: (backAt - restoreFrom) / 1000,
      lost: findings.lost.length,
      duplicated: findings.duplicated.length,
      requestsRedelivered: sim.stats.requests - sim.stats.answers.size - requestsBefore,
      findings,
    });
    say(`${fault.name}: lost ${findings.lost.length}, duplicated ${findings.duplicated.length}`);
  }
  const durationS = (Date.now() - startedAt) / 1000;

  process.stdout.write(
    `\nCluster fault runs (users through the API, verification through Temporal): ${args.cases} cases per fault, 2 referrals each, providers accept 60% (seeded); ${Math.round(durationS)} s in all\n`,
  );
  process.stdout.write(clusterFaultTable(rows));
  process.stdout.write(
    [
      '  part down: from the kill until npm run cluster:up had it back (the redundant part stays down until the load settled).',
      '  API errors: failed calls users made (refused, 5xx, 10 s without an answer), each retried on the other API process.',
      '  longest stall: the longest time from the kill to the last case settled in which users saw nothing move.',
      '  settled after: from the kill until every case of the load settled.',
      '',
    ].join('\n'),
  );
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'cluster-latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), stack: 'cluster', cases: args.cases, durationS, rows }, null, 2)}\n`,
  );
  await sim.stop();
  await producer.disconnect();
  await connection.close();
  const failed = rows.some((r) => r.lost > 0 || r.duplicated > 0 || r.settledAfterS === undefined);
  if (failed) process.stderr.write('[faults:cluster] FAILED: something was lost, duplicated or never settled (see above)\n');
  process.exit(failed ? 1 : 0);
}
