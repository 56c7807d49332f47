/**
 * The inbound bridge against the real Kafka broker and the real Temporal server: round trip, a third-party
 * client (kcat) following only the contract, every dead-letter reason, duplicates and a crash before commit.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { CompressionTypes, type KafkaMessage } from 'kafkajs';
import { MAX_CHANGE_REPORTS_PER_REFERRAL } from '../domain/referral/provider-report';
import { DEAD_LETTER_EXCERPT_BYTES, DLQ_HEADERS, INBOUND_TOPIC_MAX_MESSAGE_BYTES } from '../events/schemas/dead-letter';
import { approvePlan, bringToPlanning, eventually, intakeFor, line, TEST_SCOPE } from '../test/harness/case-env';
import { uniqueId } from '../test/harness/ids';
import { createTestKafka, readTopic, testLogger, type TestKafka } from '../test/harness/kafka';
import { startCaseOn, startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import { kcatSecurityArgs } from '../faults/kcat';
import { testSettings } from '../test/harness/settings';
import { providerResponseMessage } from '../simulator/provider-response';
import { caseStateQuery } from '../workflows/case/case.messages';
import { referralStateQuery } from '../workflows/referral/referral.messages';
import { startProviderResponseBridge, type RunningBridge } from './provider-response-bridge';

interface Requested {
  id: string;
  data: { referralId: string; providerId: string; attempt: number };
}

describe('provider-response bridge', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let bridge: RunningBridge;
  const groupId = uniqueId('bridge');
  let crashOnce: ((referralId: string) => boolean) | undefined;

  const startBridge = () =>
    startProviderResponseBridge({
      kafka: kafka.kafka,
      client: temporal.client,
      producer: kafka.producer,
      topics: kafka.topics,
      logger: testLogger,
      groupId,
      afterHandled: async (p) => {
        if (crashOnce?.(p.message.key?.toString() ?? '')) {
          crashOnce = undefined;
          throw new Error('simulated crash after delivery, before the offset is committed');
        }
      },
    });

  beforeAll(async () => {
    kafka = await createTestKafka('bridge');
    temporal = await startRealTemporal('bridge', kafka);
    bridge = await startBridge();
  });
  afterAll(async () => {
    await bridge?.stop();
    await temporal?.close();
    await kafka?.close();
  });

  /** An active case with one referral requested on the housing topic; returns the request as a provider saw it. */
  async function requestedReferral(): Promise<{ request: Requested; caseId: string }> {
    const handle = await startCaseOn(temporal, intakeFor());
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'HOU-01')]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    const referralId = Object.keys(state.referrals)[0]!;
    const messages = await readTopic(kafka.kafka, kafka.topics.referralRequests('housing'), (ms) => ms.some((m) => keyed(m, referralId)));
    const request = JSON.parse(messages.find((m) => keyed(m, referralId))!.value!.toString()) as Requested;
    return { request, caseId: handle.workflowId };
  }
  const keyed = (m: KafkaMessage, referralId: string) => JSON.parse(m.value!.toString()).subject === referralId;

  const respond = async (request: Requested, report: 'accepted' | 'rejected' | 'started', providerId = request.data.providerId) => {
    const msg = providerResponseMessage({
      requestEventId: request.id,
      referralId: request.data.referralId,
      providerId,
      attempt: request.data.attempt,
      report,
      occurredAt: new Date().toISOString(),
    });
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: [msg] });
    return msg;
  };
  const referralState = (referralId: string) => temporal.client.workflow.getHandle(referralId).query(referralStateQuery);
  const deadLetters = (n: number) => readTopic(kafka.kafka, kafka.topics.deadLetter, (ms) => ms.length >= n);
  /** Messages on the dead-letter topic so far (its end offset: one partition). */
  const deadLetterCount = async () => {
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(kafka.topics.deadLetter)).reduce((n, p) => n + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('round trip: the referral goes out on its domain topic, the response comes back, the referral and case move', async () => {
    const { request, caseId } = await requestedReferral();
    await respond(request, 'accepted');
    const r = await eventually(
      () => referralState(request.data.referralId),
      (s) => s.status === 'accepted',
    );
    expect(r.providerId).toBe(request.data.providerId);
    const c = await eventually(
      () => temporal.client.workflow.getHandle(caseId).query(caseStateQuery),
      (s) => s.referrals[request.data.referralId]!.status === 'accepted',
    );
    expect(c.status).toBe('active');
  });

  it('a third-party client (kcat) publishing hand-written JSON from the contract moves the case', async () => {
    const { request } = await requestedReferral();
    const { referralId, providerId } = request.data;
    const event = `{"specversion":"1.0","id":"kcat-${referralId}","source":"urn:dolbom:provider:${providerId}","type":"kr.dolbom.provider.accepted.v1","subject":"${referralId}","time":"2026-11-26T10:00:00+09:00","datacontenttype":"application/json","dataschema":"urn:dolbom:schema:provider.accepted.v1","actorrole":"provider-system","actorid":"${providerId}","data":{"referralId":"${referralId}","providerId":"${providerId}","occurredAt":"2026-11-26T10:00:00+09:00"}}`;
    execFileSync(
      'kcat',
      [
        '-P',
        '-b',
        testSettings().kafkaBrokers[0]!,
        ...kcatSecurityArgs(testSettings().kafkaSecurity),
        '-t',
        kafka.topics.providerResponses,
        '-K',
        '\t',
        '-H',
        'ce_type=kr.dolbom.provider.accepted.v1',
      ],
      {
        input: `${referralId}\t${event}\n`,
      },
    );
    const r = await eventually(
      () => referralState(referralId),
      (s) => s.status === 'accepted',
    );
    expect(r.timeline.at(-1)!.details).toMatchObject({ eventId: `kcat-${referralId}` });
  });

  it('dead-letters each kind of bad message with its reason and the original bytes, and carries on', async () => {
    const { request } = await requestedReferral();
    const before = await deadLetterCount();
    const good = providerResponseMessage({
      requestEventId: request.id,
      referralId: request.data.referralId,
      providerId: request.data.providerId,
      report: 'accepted',
      occurredAt: new Date().toISOString(),
    });
    const event = JSON.parse(good.value);
    const variant = (patch: (e: Record<string, any>) => void, id: string) => {
      const e = structuredClone(event);
      e.id = id;
      patch(e);
      return { key: e.data?.referralId ?? request.data.referralId, value: JSON.stringify(e) };
    };
    const bad = [
      { key: request.data.referralId, value: '{not json' },
      variant((e) => delete e.data.occurredAt, 'bad-schema'),
      variant((e) => {
        e.subject = 'case-nobody-ref-L1-1';
        e.data.referralId = 'case-nobody-ref-L1-1';
      }, 'bad-unknown'),
      variant((e) => {
        e.actorid = 'prv-11740-zz-99';
        e.data.providerId = 'prv-11740-zz-99';
        e.source = 'urn:dolbom:provider:prv-11740-zz-99';
      }, 'bad-wrong-provider'),
    ];
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: bad });
    const dlq = await deadLetters(before + 4);
    // Different keys land on different partitions, consumed concurrently: the order of refusals varies.
    const refused = dlq.slice(before);
    const reasons = refused.map((m) => m.headers![DLQ_HEADERS.reason]!.toString());
    expect([...reasons].sort()).toEqual(['invalid-json', 'schema-violation', 'unknown-referral', 'wrong-provider']);
    expect(refused.find((m) => m.headers![DLQ_HEADERS.reason]!.toString() === 'invalid-json')!.value!.toString()).toBe('{not json');

    // The consumer carries on: the good message after the bad ones is applied.
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: [good] });
    await eventually(
      () => referralState(request.data.referralId),
      (s) => s.status === 'accepted',
    );

    // A response for a finished referral: cancel it via a closed case, then answer.
    const closed = await requestedReferral();
    await temporal.client.workflow
      .getHandle(closed.caseId)
      .executeUpdate('closeCase', { args: [{ actor: { role: 'caseworker', id: 'cw-kim' }, ground: 'death' }, TEST_SCOPE] });
    await eventually(
      () => referralState(closed.request.data.referralId),
      (s) => s.status === 'cancelled',
    );
    await respond(closed.request, 'accepted');
    const dlq2 = await deadLetters(before + 5);
    expect(dlq2[before + 4]!.headers![DLQ_HEADERS.reason]!.toString()).toBe('referral-closed');
  });

  it('never stalls on a message: a case id as referral on every partition, a zstd answer, a 2 MB gzip body, one past the topic limit', async () => {
    const { request, caseId } = await requestedReferral();
    const before = await deadLetterCount();
    // A well-formed answer naming the case (a running workflow that is not a referral), on each of the 6 partitions.
    const poison = [0, 1, 2, 3, 4, 5].map((partition) => ({
      ...providerResponseMessage({
        requestEventId: `poison-${partition}-${caseId}`,
        referralId: caseId,
        providerId: request.data.providerId,
        report: 'accepted',
        occurredAt: new Date().toISOString(),
      }),
      partition,
    }));
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: poison });
    // A body of 2 MB that gzip makes small enough for the broker.
    const big = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
    await kafka.producer.send({
      topic: kafka.topics.providerResponses,
      compression: CompressionTypes.GZIP,
      messages: [{ key: request.data.referralId, value: big }],
    });
    // Past the inbound topic's limit uncompressed: the broker refuses it at once, nothing reaches Dolbom.
    await expect(
      kafka.producer.send({
        topic: kafka.topics.providerResponses,
        messages: [{ key: request.data.referralId, value: 'y'.repeat(INBOUND_TOPIC_MAX_MESSAGE_BYTES + 1) }],
      }),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    // Then the real answer, from a provider system compressing with zstd (kcat, librdkafka): applied.
    const good = providerResponseMessage({
      requestEventId: request.id,
      referralId: request.data.referralId,
      providerId: request.data.providerId,
      attempt: request.data.attempt,
      report: 'accepted',
      occurredAt: new Date().toISOString(),
    });
    execFileSync(
      'kcat',
      [
        '-P',
        '-b',
        testSettings().kafkaBrokers[0]!,
        ...kcatSecurityArgs(testSettings().kafkaSecurity),
        '-t',
        kafka.topics.providerResponses,
        '-z',
        'zstd',
        '-K',
        '\t',
      ],
      {
        input: `${good.key}\t${good.value}\n`,
      },
    );
    await eventually(
      () => referralState(request.data.referralId),
      (s) => s.status === 'accepted',
    );

    const refused = (await deadLetters(before + 7)).slice(before);
    const reason = (m: KafkaMessage) => m.headers![DLQ_HEADERS.reason]!.toString();
    expect(
      refused
        .filter((m) => reason(m) === 'not-a-referral')
        .map((m) => Number(m.headers![DLQ_HEADERS.partition]!.toString()))
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    const excerpt = refused.find((m) => reason(m) === 'oversized')!;
    expect(excerpt.value!.toString()).toBe(big.slice(0, DEAD_LETTER_EXCERPT_BYTES));
    expect(excerpt.headers![DLQ_HEADERS.originalBytes]!.toString()).toBe(String(Buffer.byteLength(big)));
    expect(excerpt.headers![DLQ_HEADERS.originalSha256]!.toString()).toBe(createHash('sha256').update(big).digest('hex'));
    expect(bridge.health.ready()).toBe(true);
  });

  it('applies a duplicate delivery once, and survives a crash between delivery and commit', async () => {
    const { request } = await requestedReferral();
    const referralId = request.data.referralId;
    const applied = bridge.stats.applied;
    const duplicates = bridge.stats.duplicates;
    crashOnce = (key) => key === referralId; // the first delivery is applied, then the handler "crashes"
    const msg = await respond(request, 'accepted');
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: [msg] }); // and a plain duplicate
    await eventually(
      async () => bridge.stats.duplicates - duplicates,
      (n) => n >= 2,
    );
    const r = await referralState(referralId);
    expect(r.status).toBe('accepted');
    expect(r.timeline.filter((t) => t.action === 'provider.accepted')).toHaveLength(1);
    expect(bridge.stats.applied - applied).toBe(1);

    // A restarted bridge (same group) picks up from the committed offset and still applies nothing twice.
    await bridge.stop();
    bridge = await startBridge();
    await respond(request, 'started');
    await eventually(
      () => referralState(referralId),
      (s) => s.status === 'in-progress',
    );
    expect((await referralState(referralId)).timeline.filter((t) => t.action.startsWith('provider.'))).toHaveLength(2);
  });

  it(`dead-letters a change past the bound of ${MAX_CHANGE_REPORTS_PER_REFERRAL} per referral and still takes the completion`, async () => {
    const { request } = await requestedReferral();
    const referralId = request.data.referralId;
    await respond(request, 'accepted');
    const report = (n: string, kind: 'changed' | 'completed') =>
      providerResponseMessage({
        requestEventId: `${request.id}-${n}`,
        referralId,
        providerId: request.data.providerId,
        report: kind,
        occurredAt: new Date().toISOString(),
      });
    // One referral's messages share a key, so the bridge applies them in order: the bound's, then one more.
    const changes = Array.from({ length: MAX_CHANGE_REPORTS_PER_REFERRAL + 1 }, (_, i) => report(`change-${i}`, 'changed'));
    const before = await deadLetterCount();
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: changes });
    const dlq = await deadLetters(before + 1);
    const refused = dlq.slice(before).find((m) => m.key?.toString() === referralId)!;
    expect(refused.headers![DLQ_HEADERS.reason]!.toString()).toBe('report-limit');
    expect(refused.headers![DLQ_HEADERS.detail]!.toString()).toContain(`the most one referral takes (${MAX_CHANGE_REPORTS_PER_REFERRAL})`);
    expect(refused.value!.toString()).toBe(changes.at(-1)!.value);
    const r = await referralState(referralId);
    expect(r.timeline.filter((t) => t.action === 'provider.changed')).toHaveLength(MAX_CHANGE_REPORTS_PER_REFERRAL);
    expect(r.appliedEventIds).not.toContain(JSON.parse(changes.at(-1)!.value).id);

    // The bridge carries on, and the report that ends the provision is taken past the bound.
    await kafka.producer.send({ topic: kafka.topics.providerResponses, messages: [report('done', 'completed')] });
    await eventually(
      () => referralState(referralId),
      (s) => s.status === 'completed',
    );
  });
});
