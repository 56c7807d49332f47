/**
 * Issue 14's attacks on Kafka, each against the real broker (SASL/SCRAM over TLS with ACLs, infra/up.sh) and shown
 * to fail: a client without credentials, a provider reading or answering another provider's referrals, a provider
 * claiming to be another in its own responses topic, and an audit record forged with a provider's credentials.
 * Providers are onboarded the way an operator does it: `npm run provider:connect` (scripts/provider-connect.sh).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Kafka, KafkaJSSASLAuthenticationError, type KafkaMessage } from 'kafkajs';
import { DOLBOM_PRINCIPALS } from '../../events/kafka-acls';
import { DLQ_HEADERS } from '../../events/schemas/dead-letter';
import { PROVIDER_DIRECTORY } from '../../domain/providers/directory';
import { startProviderResponseBridge, type RunningBridge } from '../../bridge/provider-response-bridge';
import { localKafkaSecurity, localKafkaSecurityDir } from '../../platform/local-kafka-credentials';
import { kafkaSecurityOptions } from '../../platform/kafka';
import { providerResponseMessage } from '../../simulator/provider-response';
import { referralStateQuery } from '../../workflows/referral/referral.messages';
import { caseStateQuery } from '../../workflows/case/case.messages';
import { approvePlan, bringToPlanning, DISTRICT, DONG, eventually, intakeFor, line } from '../harness/case-env';
import { uniqueId } from '../harness/ids';
import { connectTestProvider, createTestKafka, provisionTestKafka, readTopic, testLogger, type TestKafka } from '../harness/kafka';
import { startCaseOn, startRealTemporal, type RealTemporal } from '../harness/real-temporal';
import { testSettings } from '../harness/settings';

const settings = testSettings();
const broker = settings.kafkaBrokers[0]!;

/** Two providers of the same service in the same area: A gets the referral, B is the curious neighbour. */
const [providerA, providerB] = PROVIDER_DIRECTORY.filter(
  (p) => p.services.includes('HOU-01') && (p.districtCodes.includes(DISTRICT) || p.dongCodes.includes(DONG)),
);

/** kcat with a provider's client settings, as written by provider:connect. */
function kcat(args: string[], input?: string) {
  const r = spawnSync('kcat', args, { input, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
const settingsOf = (providerId: string) => path.join(localKafkaSecurityDir(settings.dataDir), 'providers', `${providerId}.properties`);
const as = (providerId: string) => ['-F', settingsOf(providerId)];

describe('Kafka with identities: each provider sees and answers only its own referrals', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let bridge: RunningBridge;

  beforeAll(async () => {
    expect(providerA).toBeDefined();
    expect(providerB).toBeDefined();
    kafka = await createTestKafka('security');
    await provisionTestKafka(kafka);
    expect(connectTestProvider(kafka, providerA!.id)).toContain(kafka.topics.providerRequests(providerA!.id));
    connectTestProvider(kafka, providerB!.id);
    temporal = await startRealTemporal('security', kafka);
    bridge = await startProviderResponseBridge({
      kafka: kafka.kafka,
      client: temporal.client,
      producer: kafka.producer,
      topics: kafka.topics,
      logger: testLogger,
      groupId: uniqueId('bridge'),
      providerTopicsRefreshMs: 1000,
    });
  }, 300_000);
  afterAll(async () => {
    await bridge?.stop();
    await temporal?.close();
    await kafka?.close();
  });

  it('refuses a client without credentials (plaintext, TLS without SASL, a wrong password)', async () => {
    const plaintext = kcat(['-L', '-b', broker, '-m', '5']);
    expect(plaintext.status).not.toBe(0);
    const caFile = settings.kafkaSecurity.KAFKA_SSL_CA!;
    const tlsOnly = kcat(['-L', '-b', broker, '-m', '5', '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${caFile}`]);
    expect(tlsOnly.status).not.toBe(0);
    const wrong = new Kafka({
      brokers: [broker],
      clientId: 'intruder',
      retry: { retries: 0 },
      logLevel: 0,
      ...kafkaSecurityOptions({
        ...settings.kafkaSecurity,
        KAFKA_SASL_USERNAME: `provider-${providerA!.id}`,
        KAFKA_SASL_PASSWORD: 'guessed',
      }),
    });
    const admin = wrong.admin();
    await expect(admin.connect()).rejects.toBeInstanceOf(KafkaJSSASLAuthenticationError);
    await admin.disconnect();
  });

  it("routes A's referral to A's own topic, which B can neither read nor answer; A's answer is applied", async () => {
    const handle = await startCaseOn(temporal, intakeFor());
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'HOU-01', providerA!.id)]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    const referralId = Object.keys(state.referrals)[0]!;
    const requests = await readTopic(kafka.kafka, kafka.topics.providerRequests(providerA!.id), (ms) => ms.some(keyedTo(referralId)));
    const request = JSON.parse(requests.find(keyedTo(referralId))!.value!.toString()) as {
      id: string;
      data: { referralId: string; providerId: string; attempt: number };
    };
    expect(request.data.providerId).toBe(providerA!.id);

    // A reads its own requests with its own credentials (kcat, librdkafka): the positive control.
    const readByA = kcat([...as(providerA!.id), '-C', '-t', kafka.topics.providerRequests(providerA!.id), '-o', 'beginning', '-e', '-q']);
    expect(readByA.out).toContain(referralId);
    // B cannot read A's requests, nor the internal domain and case topics.
    for (const topic of [kafka.topics.providerRequests(providerA!.id), kafka.topics.referralRequests('housing'), kafka.topics.caseEvents]) {
      const readByB = kcat([...as(providerB!.id), '-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
      expect(readByB.out).toMatch(/authorization failed/i);
      expect(readByB.out).not.toContain(referralId);
    }

    // B cannot write A's responses topic: its "decline" never reaches the broker.
    const forged = providerResponseMessage({
      requestEventId: request.id,
      referralId,
      providerId: providerA!.id,
      attempt: request.data.attempt,
      report: 'rejected',
      occurredAt: new Date().toISOString(),
    });
    const writeByB = kcat(
      [...as(providerB!.id), '-P', '-t', kafka.topics.providerReplies(providerA!.id), '-K', '\t'],
      `${forged.key}\t${forged.value}\n`,
    );
    expect(writeByB.out).toMatch(/authorization failed/i);

    // A answers on its own topic: applied.
    const accepted = providerResponseMessage({ ...responseTo(request), report: 'accepted' });
    const writeByA = kcat(
      [...as(providerA!.id), '-P', '-t', kafka.topics.providerReplies(providerA!.id), '-K', '\t'],
      `${accepted.key}\t${accepted.value}\n`,
    );
    expect(writeByA.status).toBe(0);
    await eventually(
      () => temporal.client.workflow.getHandle(referralId).query(referralStateQuery),
      (s) => s.status === 'accepted',
      60_000,
    );
  });

  it("dead-letters a message in A's own topic that claims to be B (identity comes from the topic)", async () => {
    const claim = providerResponseMessage({
      requestEventId: uniqueId('req'),
      referralId: `${uniqueId('case')}-ref-L1-1`,
      providerId: providerB!.id,
      attempt: 1,
      report: 'accepted',
      occurredAt: new Date().toISOString(),
    });
    const r = kcat(
      [...as(providerA!.id), '-P', '-t', kafka.topics.providerReplies(providerA!.id), '-K', '\t'],
      `${claim.key}\t${claim.value}\n`,
    );
    expect(r.status).toBe(0);
    const dead = await readTopic(kafka.kafka, kafka.topics.deadLetter, (ms) => ms.some((m) => m.key?.toString() === claim.key), 60_000);
    const letter = dead.find((m) => m.key?.toString() === claim.key)!;
    expect(letter.headers?.[DLQ_HEADERS.reason]?.toString()).toBe('provider-mismatch');
    expect(bridge.stats.deadLettered).toBeGreaterThanOrEqual(1);
  });

  it('refuses an audit record forged with a provider’s credentials; only Dolbom’s principals write the audit topic', async () => {
    const marker = uniqueId('forged-audit');
    const record = JSON.stringify({ specversion: '1.0', id: marker, type: 'kr.dolbom.audit.read.v1', actorid: 'cw-kim' });
    const forgedByA = kcat([...as(providerA!.id), '-P', '-t', kafka.topics.audit, '-K', '\t'], `${marker}\t${record}\n`);
    expect(forgedByA.out).toMatch(/authorization failed/i);
    // The simulator (Dolbom's own stand-in for providers) may not either: the audit topic is the worker's and the API's.
    const simulator = new Kafka({
      brokers: [broker],
      clientId: 'simulator-forger',
      retry: { retries: 0 },
      logLevel: 0,
      ...kafkaSecurityOptions(localKafkaSecurity(settings.dataDir, DOLBOM_PRINCIPALS.simulator)),
    });
    const producer = simulator.producer();
    await producer.connect();
    await expect(producer.send({ topic: kafka.topics.audit, messages: [{ key: marker, value: record }] })).rejects.toThrow(/authoriz/i);
    await producer.disconnect();
    // Nothing with the marker reached the topic (read as the admin, from the beginning, until its end).
    const admin = kafka.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(kafka.topics.audit);
    await admin.disconnect();
    const total = ends.reduce((n, p) => n + Number(p.high), 0);
    const seen = total === 0 ? [] : await readTopic(kafka.kafka, kafka.topics.audit, (ms) => ms.length >= total);
    expect(seen.some((m) => m.key?.toString() === marker)).toBe(false);
  });
});

const keyedTo = (referralId: string) => (m: KafkaMessage) => JSON.parse(m.value!.toString()).subject === referralId;
const responseTo = (request: { id: string; data: { referralId: string; providerId: string; attempt: number } }) => ({
  requestEventId: request.id,
  referralId: request.data.referralId,
  providerId: request.data.providerId,
  attempt: request.data.attempt,
  occurredAt: new Date().toISOString(),
});
