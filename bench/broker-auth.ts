/**
 * npm run bench:broker-auth -- [--messages N] [--rounds R]
 *
 * What the authenticated broker costs: the same producer -> broker -> consumer round trip over SASL_SSL (TLS
 * with SCRAM-SHA-512, the stack's client listener) and over PLAINTEXT, on one throwaway broker that exposes
 * both listeners, with the application's own client settings (platform/kafka.ts). The listeners are measured
 * in turns, R rounds of N messages each, each message sent once the previous one came back (acks from all
 * in-sync replicas, as Dolbom's durable producer asks). Reported per listener: the round trip's p50/p95/p99,
 * and CPU per message of this process (the clients) and of the broker. The broker has no authorizer, so the
 * figure is TLS and SASL, not ACL checks. The stack's own broker is left alone: this one runs from the same
 * jars and CA in `$DOLBOM_DATA_DIR/bench-broker` on KAFKA_PORT+10..+12 and is stopped at the end.
 * Writes bench/results/broker-auth-latest.json, which `npm run bench` copies into latest.json (brokerAuthCost).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { z } from 'zod';
import { cliOptions } from '../platform/cli';
import { createKafka, type KafkaSecurityConfig } from '../platform/kafka';
import { cpuSeconds } from './memory';
import { summarize } from './stats';

const OPTIONS = { messages: { type: 'string' }, rounds: { type: 'string' } } as const;
const Args = z.object({
  messages: z.coerce.number().int().min(10).default(300),
  rounds: z.coerce.number().int().min(1).default(3),
});
const USAGE = 'usage: npm run bench:broker-auth -- [--messages N per round (default 300)] [--rounds R (default 3)]';

export const BROKER_AUTH_RESULTS = path.join(__dirname, 'results', 'broker-auth-latest.json');

const ROOT = path.resolve(__dirname, '..');
const dataDir = path.resolve(ROOT, process.env.DOLBOM_DATA_DIR ?? '.data');
const cacheDir =
  process.env.DOLBOM_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? '/tmp', '.cache'), 'dolbom');
const kafkaLibs = path.join(cacheDir, 'kafka-3.9.1', 'libs');
const securityDir = path.join(dataDir, 'kafka', 'security');
const base = Number(process.env.KAFKA_PORT ?? 9092) + 10;
const ports = { saslSsl: base, plaintext: base + 1, controller: base + 2 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function brokerProperties(dir: string, password: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
    `listeners=SASL_SSL://127.0.0.1:${ports.saslSsl},PLAINTEXT://127.0.0.1:${ports.plaintext},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${ports.saslSsl},PLAINTEXT://127.0.0.1:${ports.plaintext}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    // As the stack's broker (infra/kafka/server.properties.template): SCRAM-SHA-512 over TLS with PEM files.
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="bench" password="${password}";`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${securityDir}/broker.pem`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${securityDir}/ca.pem`,
    'ssl.client.auth=none',
    `log.dirs=${dir}/logs`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

async function startBroker(dir: string, password: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  if (!fs.existsSync(path.join(securityDir, 'broker.pem')))
    throw new Error(`no broker certificate in ${securityDir}: start the stack once first (bash infra/up.sh)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true, mode: 0o700 });
  const props = path.join(dir, 'server.properties');
  fs.writeFileSync(props, brokerProperties(dir, password), { mode: 0o600 });
  const cp = ['-cp', `${kafkaLibs}/*`, `-Dlog4j.configuration=file:${path.join(ROOT, 'infra', 'kafka', 'log4j.properties')}`];
  const clusterId = execFileSync('java', [...cp, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).trim();
  execFileSync(
    'java',
    [
      ...cp,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      props,
      '--add-scram',
      `SCRAM-SHA-512=[name=bench,password=${password}]`,
    ],
    {
      stdio: 'ignore',
    },
  );
  const log = fs.openSync(path.join(dir, 'broker.log'), 'a');
  const child = spawn(
    'java',
    ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dkafka.logs.dir=${dir}`, ...cp, 'kafka.Kafka', props],
    {
      stdio: ['ignore', log, log],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.closeSync(log);
    },
  };
}

async function untilReady(kafka: Kafka, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the benchmark broker did not answer: ${(err as Error).message}`);
      await sleep(1000);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

interface Listener {
  name: 'SASL_SSL' | 'PLAINTEXT';
  kafka: Kafka;
  topic: string;
}

/** N sequential round trips: each message is sent once the previous one has been consumed. */
async function roundTrips(l: Listener, messages: number, brokerPid: number) {
  const producer = l.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = l.kafka.consumer({ groupId: `${l.topic}-${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 100 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: l.topic, fromBeginning: false });
  let arrived: (() => void) | undefined;
  const assigned = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ eachMessage: async () => arrived?.() });
  await assigned;
  await sleep(500);
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  const brokerCpu = cpuSeconds(brokerPid) ?? 0;
  const started = performance.now();
  for (let i = 0; i < messages; i++) {
    const back = new Promise<void>((resolve) => (arrived = resolve));
    const t = performance.now();
    await producer.send({ topic: l.topic, acks: -1, messages: [{ key: `k${i}`, value: randomBytes(600) }] });
    await back;
    ms.push(performance.now() - t);
  }
  const wallS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const brokerUsed = (cpuSeconds(brokerPid) ?? 0) - brokerCpu;
  await consumer.disconnect();
  await producer.disconnect();
  return { ms, clientCpuMs: (used.user + used.system) / 1000, brokerCpuMs: brokerUsed * 1000, wallS };
}

async function main(): Promise<void> {
  const { messages, rounds } = cliOptions(OPTIONS, Args, USAGE);
  const logger = pino({ level: 'fatal' }); // the connection errors while the broker starts are expected
  const password = randomBytes(18).toString('hex');
  const broker = await startBroker(path.join(dataDir, 'bench-broker'), password);
  try {
    const secured: KafkaSecurityConfig = {
      KAFKA_SSL: true,
      KAFKA_SSL_CA: path.join(securityDir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'bench',
      KAFKA_SASL_PASSWORD: password,
    };
    const plain: KafkaSecurityConfig = {
      KAFKA_SSL: false,
      KAFKA_SSL_CA: undefined,
      KAFKA_SASL_MECHANISM: undefined,
      KAFKA_SASL_USERNAME: undefined,
      KAFKA_SASL_PASSWORD: undefined,
    };
    const listeners: Listener[] = [
      {
        name: 'SASL_SSL',
        topic: 'bench-rt-sasl-ssl',
        kafka: createKafka({ brokers: [`127.0.0.1:${ports.saslSsl}`], clientId: 'bench-sasl-ssl', logger, security: secured }),
      },
      {
        name: 'PLAINTEXT',
        topic: 'bench-rt-plaintext',
        kafka: createKafka({ brokers: [`127.0.0.1:${ports.plaintext}`], clientId: 'bench-plaintext', logger, security: plain }),
      },
    ];
    process.stdout.write(
      `benchmark broker (pid ${broker.pid}) starting on 127.0.0.1:${ports.saslSsl} (SASL_SSL) and :${ports.plaintext} (PLAINTEXT)...\n`,
    );
    for (const l of listeners) await untilReady(l.kafka);
    const admin = listeners[1]!.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: listeners.map((l) => ({ topic: l.topic, numPartitions: 1, replicationFactor: 1 })) });
    await admin.disconnect();
    await roundTrips(listeners[0]!, 30, broker.pid); // warms the broker's and the client's code paths
    await roundTrips(listeners[1]!, 30, broker.pid);
    const totals = listeners.map(() => ({ ms: [] as number[], clientCpuMs: 0, brokerCpuMs: 0, wallS: 0 }));
    for (let r = 0; r < rounds; r++) {
      // Alternating which goes first, so neither always follows the other.
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const m = await roundTrips(listeners[i]!, messages, broker.pid);
        const t = totals[i]!;
        t.ms.push(...m.ms);
        t.clientCpuMs += m.clientCpuMs;
        t.brokerCpuMs += m.brokerCpuMs;
        t.wallS += m.wallS;
        process.stdout.write(`  round ${r + 1} ${listeners[i]!.name}: p50 ${summarize(m.ms).p50.toFixed(2)} ms\n`);
      }
    }
    const per = listeners.map((l, i) => {
      const t = totals[i]!;
      const n = t.ms.length;
      return {
        listener: l.name,
        messages: n,
        roundTripMs: summarize(t.ms),
        clientCpuMsPerMessage: t.clientCpuMs / n,
        brokerCpuMsPerMessage: t.brokerCpuMs / n,
        messagesPerSecond: n / t.wallS,
      };
    });
    const [s, p] = per as [(typeof per)[number], (typeof per)[number]];
    const results = {
      at: new Date().toISOString(),
      messagesPerRound: messages,
      rounds,
      payloadBytes: 600,
      listeners: per,
      ratio: {
        roundTripP50: s.roundTripMs.p50 / p.roundTripMs.p50,
        roundTripP99: s.roundTripMs.p99 / p.roundTripMs.p99,
        clientCpuPerMessage: s.clientCpuMsPerMessage / p.clientCpuMsPerMessage,
        brokerCpuPerMessage: s.brokerCpuMsPerMessage / p.brokerCpuMsPerMessage,
      },
      note: 'SASL_SSL (TLS + SCRAM-SHA-512) over PLAINTEXT on one broker; no authorizer on either listener',
    };
    fs.mkdirSync(path.dirname(BROKER_AUTH_RESULTS), { recursive: true });
    fs.writeFileSync(BROKER_AUTH_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    for (const l of per)
      process.stdout.write(
        `${l.listener.padEnd(10)} round trip p50 ${l.roundTripMs.p50.toFixed(2)} p95 ${l.roundTripMs.p95.toFixed(2)} p99 ${l.roundTripMs.p99.toFixed(2)} ms · ` +
          `CPU per message: client ${l.clientCpuMsPerMessage.toFixed(2)} ms, broker ${l.brokerCpuMsPerMessage.toFixed(2)} ms · ${l.messagesPerSecond.toFixed(0)} msg/s\n`,
      );
    const r = results.ratio;
    process.stdout.write(
      `SASL_SSL / PLAINTEXT: round trip p50 ${r.roundTripP50.toFixed(2)}x, p99 ${r.roundTripP99.toFixed(2)}x; CPU per message client ${r.clientCpuPerMessage.toFixed(2)}x, broker ${r.brokerCpuPerMessage.toFixed(2)}x\n` +
        `  Results: ${path.relative(process.cwd(), BROKER_AUTH_RESULTS)}\n`,
    );
  } finally {
    await broker.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
