/**
 * The provider simulator on the real broker (SASL/SCRAM over TLS with ACLs) and the real Temporal server: a provider
 * connected with `npm run provider:connect` is acted as itself (its own principal, its own requests and responses
 * topics), a provider without a system through the internal domain topics; the bridge applies both answers.
 */
import type { KafkaMessage } from 'kafkajs';
import { startProviderResponseBridge, type RunningBridge } from '../bridge/provider-response-bridge';
import { PROVIDER_DIRECTORY } from '../domain/providers/directory';
import { approvePlan, bringToPlanning, DISTRICT, DONG, eventually, intakeFor, line } from '../test/harness/case-env';
import { uniqueId } from '../test/harness/ids';
import { connectTestProvider, createTestKafka, provisionTestKafka, readTopic, testLogger, type TestKafka } from '../test/harness/kafka';
import { startCaseOn, startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import { testSettings } from '../test/harness/settings';
import { caseStateQuery } from '../workflows/case/case.messages';
import { localConnectedProviders } from './local-providers';
import { startProviderSimulator, type RunningSimulator } from './provider-simulator';

const settings = testSettings();
const servesHere = (serviceCode: string) =>
  PROVIDER_DIRECTORY.filter((p) => p.services.includes(serviceCode) && (p.districtCodes.includes(DISTRICT) || p.dongCodes.includes(DONG)));
/** A housing provider with a system of its own, and a long-term-care provider without one. */
const connectedProvider = servesHere('HOU-01')[0]!;
const plainProvider = servesHere('LTC-02')[0]!;

describe('provider simulator', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let bridge: RunningBridge;
  let sim: RunningSimulator;

  beforeAll(async () => {
    kafka = await createTestKafka('sim');
    await provisionTestKafka(kafka);
    connectTestProvider(kafka, connectedProvider.id);
    temporal = await startRealTemporal('sim', kafka);
    bridge = await startProviderResponseBridge({
      kafka: kafka.kafka,
      client: temporal.client,
      producer: kafka.producer,
      topics: kafka.topics,
      logger: testLogger,
      groupId: uniqueId('bridge'),
      providerTopicsRefreshMs: 1000,
    });
    const connectedProviders = await localConnectedProviders({
      dataDir: settings.dataDir,
      brokers: settings.kafkaBrokers,
      topics: kafka.topics,
      logger: testLogger,
      clientId: uniqueId('sim'),
    });
    // Only the provider connected under this suite's prefix: others connected elsewhere (other suites) are not.
    expect(connectedProviders.map((p) => p.providerId)).toEqual([connectedProvider.id]);
    sim = await startProviderSimulator({
      kafka: kafka.kafka,
      producer: kafka.producer,
      topics: kafka.topics,
      logger: testLogger,
      acceptRate: 1,
      groupId: uniqueId('sim'),
      connectedProviders,
    });
  }, 300_000);
  afterAll(async () => {
    await sim?.stop();
    await bridge?.stop();
    await temporal?.close();
    await kafka?.close();
  });

  it("answers a connected provider's referral as that provider on its own topics, and another's on the domain path", async () => {
    const handle = await startCaseOn(temporal, intakeFor());
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'HOU-01', connectedProvider.id), line('L2', 'LTC-02', plainProvider.id)]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).length === 2 && Object.values(s.referrals).every((r) => r.status === 'accepted'),
      60_000,
    );
    const byProvider = new Map(Object.entries(state.referrals).map(([id, r]) => [r.providerId, id]));
    // Requests are keyed by case id, responses by referral id; both name the referral as their subject.
    const about = (referralId: string) => (m: KafkaMessage) =>
      (JSON.parse(m.value!.toString()) as { subject: string }).subject === referralId;
    const keyed = (referralId: string) => (m: KafkaMessage) => m.key?.toString() === referralId;

    // The connected provider's request went to its own topic, and its answer came back on its own responses topic.
    const own = byProvider.get(connectedProvider.id)!;
    await readTopic(kafka.kafka, kafka.topics.providerRequests(connectedProvider.id), (ms) => ms.some(about(own)));
    const replies = await readTopic(kafka.kafka, kafka.topics.providerReplies(connectedProvider.id), (ms) => ms.some(keyed(own)));
    expect(JSON.parse(replies.find(keyed(own))!.value!.toString())).toMatchObject({
      type: 'kr.dolbom.provider.accepted.v1',
      actorid: connectedProvider.id,
    });

    // The other's went through the domain topic and the shared responses topic.
    const other = byProvider.get(plainProvider.id)!;
    await readTopic(kafka.kafka, kafka.topics.referralRequests('longTermCare'), (ms) => ms.some(about(other)));
    const shared = await readTopic(kafka.kafka, kafka.topics.providerResponses, (ms) => ms.some(keyed(other)));
    expect(shared.some(keyed(own))).toBe(false);
    expect(sim.stats.accepted).toBe(2);
  });
});
