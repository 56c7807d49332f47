/**
 * The cluster stack end to end (npm run cluster:up first; run with npm run test:cluster). Its shape: 4 history
 * shards on two history processes, 3 Kafka brokers, every topic on 3 replicas with min.insync.replicas 2. Then one
 * case through the real processes: intake and every step through API process 1, reads through API process 2,
 * referrals out over Kafka to a provider that answers over Kafka, the answer through a bridge process back into the
 * workflows on the workers.
 */
import { Connection } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { Client as PgClient } from 'pg';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../api/auth/tokens';
import { CASE_STEPS, INTAKE_APPLICATION, PLAN } from '../../bench/dolbom-path';
import { makeRecipients } from '../../bench/recipients';
import { DOLBOM_PRINCIPALS } from '../../events/kafka-acls';
import { topicNames, topicSpecs } from '../../events/topics';
import { createKafka } from '../../platform/kafka';
import { createDurableProducer } from '../../platform/durable-producer';
import { localKafkaSecurity } from '../../platform/local-kafka-credentials';
import { startProviderSimulator } from '../../simulator/provider-simulator';
import { uniqueId } from '../harness/ids';
import { testLogger } from '../harness/kafka';
import { clusterSettings } from '../../platform/local-cluster-stack';

const s = clusterSettings();
const topics = topicNames(s.config.KAFKA_TOPIC_PREFIX);

interface CaseView {
  status: string;
  referrals: Record<string, { referralId: string; status: string }>;
}

async function call<T>(base: string, token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${base}${url} -> ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

describe('cluster stack', () => {
  let kafka: Kafka;

  beforeAll(async () => {
    for (const base of s.apiBases) {
      const ready = await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) throw new Error(`the API at ${base} is not ready: start the cluster with npm run cluster:up`);
    }
    // SASL_SSL as the admin principal, as the tests on the single broker (the test sets up its own provider side).
    kafka = createKafka({
      brokers: s.kafkaBrokers,
      clientId: uniqueId('cluster-test'),
      logger: testLogger,
      security: s.kafkaAdminSecurity,
    });
  });

  it('runs Temporal with its history shards and Kafka on three brokers, every topic on three replicas', async () => {
    const connection = await Connection.connect({ address: s.temporalAddress });
    try {
      const info = await connection.workflowService.getClusterInfo({});
      expect(info.historyShardCount).toBe(s.historyShards);
      expect(info.persistenceStore).toBe('postgres12');
    } finally {
      await connection.close();
    }
    // Two history processes share those shards: both are live members of the ring (role 2 is history, as
    // persistence.ServiceType numbers it in go.temporal.io/server v1.29.1).
    const pg = new PgClient({ connectionString: s.temporalDbUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ ports: number[] }>(
        'select array_agg(distinct rpc_port order by rpc_port) as ports from cluster_membership where role = 2 and record_expiry > now()',
      );
      expect(rows[0]!.ports).toHaveLength(2);
    } finally {
      await pg.end();
    }

    const admin = kafka.admin();
    await admin.connect();
    try {
      const { brokers } = await admin.describeCluster();
      expect(brokers).toHaveLength(s.kafkaBrokers.length);
      const names = topicSpecs(s.config.KAFKA_TOPIC_PREFIX).map((t) => t.name);
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      for (const t of meta) for (const p of t.partitions) expect(p.replicas).toHaveLength(s.kafkaReplicationFactor);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topics.providerResponses, configNames: ['min.insync.replicas'] }],
      });
      expect(resources[0]!.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue).toBe('2');
    } finally {
      await admin.disconnect();
    }
  });

  it('lets in only SASL_SSL clients, each principal with only its ACLs, on every broker', async () => {
    for (const broker of s.kafkaBrokers) {
      const open = createKafka({
        brokers: [broker],
        clientId: uniqueId('cluster-test-open'),
        logger: testLogger,
        security: { KAFKA_SSL: false },
        extra: { connectionTimeout: 3000, retry: { retries: 0 } },
      });
      const openAdmin = open.admin();
      await expect(openAdmin.connect().then(() => openAdmin.listTopics())).rejects.toThrow();
      await openAdmin.disconnect();
    }
    // The bridge's principal reads provider responses; it may not write case events (events/kafka-acls.ts).
    const bridge = createKafka({
      brokers: s.kafkaBrokers,
      clientId: uniqueId('cluster-test-bridge'),
      logger: testLogger,
      security: localKafkaSecurity(s.dataDir, DOLBOM_PRINCIPALS.bridge),
      extra: { retry: { retries: 0 } },
    });
    const producer = bridge.producer();
    await producer.connect();
    try {
      await expect(producer.send({ topic: topics.caseEvents, messages: [{ value: "not the bridge's to write" }] })).rejects.toThrow(
        /authoriz/i,
      );
    } finally {
      await producer.disconnect();
    }
  });

  it('takes a case from intake on API 1, read on API 2, to referrals a provider accepted over Kafka', async () => {
    const [api1, api2] = s.apiBases as [string, string];
    // The API processes sign in with the cluster's local key, which the first of them created (infra/cluster/dolbom.sh).
    expect(fs.existsSync(path.join(s.dataDir, 'keys', 'jwt-signing.json'))).toBe(true);
    const key = await loadOrCreateLocalSigningKey(s.dataDir);
    const r = makeRecipients(1, Date.now() % 1_000_000)[0]!;
    const cw = await signLocalToken(key, { role: 'caseworker', sub: 'cluster-test-cw', dongs: [r.dongCode] });
    const sv = await signLocalToken(key, { role: 'supervisor', sub: 'cluster-test-sv', district: r.districtCode });

    const producer = createDurableProducer(kafka);
    await producer.connect();
    const sim = await startProviderSimulator({
      kafka,
      producer,
      topics,
      logger: testLogger,
      acceptRate: 1,
      groupId: uniqueId('cluster-test-providers'),
    });
    try {
      const { caseId } = await call<{ caseId: string }>(api1, cw, 'POST', '/cases', {
        dongCode: r.dongCode,
        application: INTAKE_APPLICATION,
        personal: r.personal,
      });
      expect((await call<CaseView>(api2, cw, 'GET', `/cases/${caseId}`)).status).toBe('awaitingConsent');

      let seq = 0;
      for (const step of CASE_STEPS.filter((x) => x.action !== 'conference-decision'))
        ({ seq } = await call<{ seq: number }>(
          api1,
          step.role === 'supervisor' ? sv : cw,
          'POST',
          `/cases/${caseId}/${step.action}`,
          step.body,
        ));
      // The other API process shows the last action when the read names its seq (api/case-read-model.ts).
      expect((await call<CaseView>(api2, sv, 'GET', `/cases/${caseId}?seq=${seq}`)).status).toBe('awaitingConference');

      const approval = CASE_STEPS.find((x) => x.action === 'conference-decision')!;
      await call(api1, sv, 'POST', `/cases/${caseId}/${approval.action}`, approval.body);

      let view: CaseView | undefined;
      const deadline = Date.now() + 120_000;
      for (;;) {
        view = await call<CaseView>(api2, cw, 'GET', `/cases/${caseId}`);
        const refs = Object.values(view.referrals);
        if (refs.length === PLAN.lines.length && refs.every((x) => x.status === 'accepted')) break;
        if (Date.now() > deadline) throw new Error(`referrals not all accepted: ${JSON.stringify(view)}`);
        await new Promise((res) => setTimeout(res, 500));
      }
      expect(view.status).toBe('active');
      // Each acceptance is the provider's answer over Kafka, applied by a bridge process.
      const answered = [...sim.stats.answers.values()].filter((a) => a.answer === 'accepted').map((a) => a.referralId);
      expect(new Set(answered)).toEqual(new Set(Object.keys(view.referrals)));
    } finally {
      await sim.stop();
      await producer.disconnect();
    }
  });
});
