/**
 * What a provider receives, on the real Temporal server and Kafka (Act Art. 14; Decree Art. 9; PIPA Arts. 3 and
 * 17: only what is needed). Before acceptance the request carries the service, quantity, period, method, dong
 * and deadline under a pseudonym of that referral only; the contact details (name, phone, address) are refused
 * with the reason. After acceptance they go to the assigned provider only, through its authenticated channel,
 * audited with who read them, and no contact detail ever appears in any Kafka event (every topic is read).
 */
import type { InjectOptions } from 'fastify';
import type { KafkaMessage } from 'kafkajs';
import { CARE_DOMAINS } from '../domain/codes';
import { createTestApi, type TestApi } from '../test/harness/api';
import { eventually } from '../test/harness/case-env';
import { uniqueId } from '../test/harness/ids';
import { recordHistory } from '../test/harness/histories';
import { createTestKafka, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const PERSON = { name: '홍길순', phone: '010-9876-5432', address: '서울 종로구 자하문로 99-1' };
const rrn = () => `480312-2${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

describe('Act Art. 14 / Decree Art. 9 / PIPA: what a provider receives', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
  const supervisor: Principal = { role: 'supervisor', sub: 'sv-lee', district: '11110' };

  const call = (who: string, opts: InjectOptions) =>
    api.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const post = (who: string, url: string, payload: object = {}) => call(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => call(who, { method: 'GET', url });

  beforeAll(async () => {
    kafka = await createTestKafka('contact');
    temporal = await startRealTemporal('contact', kafka);
    api = await createTestApi(temporal, kafka);
    tokens.caseworker = await api.token(caseworker);
    tokens.supervisor = await api.token(supervisor);
    tokens.stranger = await api.token({ role: 'provider', sub: 'prv-user-x', providerId: 'prv-nobody-01' });
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  /** A case with two urgent referrals of the same person; returns the case and referral ids. */
  async function caseWithReferrals() {
    const opened = await post('caseworker', '/cases', {
      dongCode: DONG,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { ...PERSON, rrn: rrn(), birthDate: '1948-03-12' },
    });
    expect(opened.statusCode).toBe(201);
    const { caseId } = opened.json();
    expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
    const referralIds: string[] = [];
    for (const [lineId, serviceCode, method] of [
      ['U1', 'DAY-02', 'visit'],
      ['U2', 'DAY-02', 'remote'],
    ] as const) {
      const line = {
        lineId,
        serviceCode,
        method,
        quantity: { amount: 1, unit: 'visit', per: 'day' },
        period: { start: '2026-12-01', end: '2026-12-31' },
      };
      const res = await post('caseworker', `/cases/${caseId}/urgent-services`, { line });
      expect(res.statusCode).toBe(200);
      referralIds.push(res.json().referralId);
    }
    const state = await eventually(
      () => get('caseworker', `/cases/${caseId}`).then((r) => r.json()),
      (s) => referralIds.every((id) => s.referrals[id]?.status === 'requested'),
    );
    return { caseId: caseId as string, referralIds, providers: referralIds.map((id) => state.referrals[id].providerId as string) };
  }

  const requestsOf = async (referralIds: string[]) => {
    const isRequest = (v: { type: string; data: { referralId: string } }, id: string) =>
      v.type === 'kr.dolbom.referral.requested.v1' && v.data.referralId === id;
    const parsed = (m: KafkaMessage) => JSON.parse(m.value!.toString());
    const messages = await readAll((seen) => referralIds.every((id) => seen.some((m) => isRequest(parsed(m), id))));
    return referralIds.map((id) => messages.map(parsed).find((e) => isRequest(e, id)));
  };

  /** Every message on every topic of this suite, from the beginning, until `until` holds. */
  async function readAll(until: (seen: KafkaMessage[]) => boolean): Promise<KafkaMessage[]> {
    const t = kafka.topics;
    const topics = [...CARE_DOMAINS.map((d) => t.referralRequests(d)), t.providerResponses, t.caseEvents, t.audit, t.deadLetter];
    const consumer = kafka.kafka.consumer({ groupId: uniqueId('scan') });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const seen: KafkaMessage[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; saw ${seen.length} messages`)), 30000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            if (until(seen)) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  it('before acceptance: the request says what, how, where and by when, under a per-referral pseudonym; contact is refused with the reason', async () => {
    const { caseId, referralIds, providers } = await caseWithReferrals();
    const [first, second] = await requestsOf(referralIds);
    expect(first.data).toMatchObject({ serviceCode: 'DAY-02', method: 'visit', dongCode: DONG, quantity: { amount: 1 } });
    expect(second.data.method).toBe('remote');
    expect(first.data.respondBy).toEqual(expect.any(String));
    // Not the case's pseudonym, and not the same across the person's referrals.
    const casePseudonym = caseId.replace(/^case-/, '');
    expect(first.data.recipientPseudoId).not.toBe(casePseudonym);
    expect(first.data.recipientPseudoId).not.toBe(second.data.recipientPseudoId);
    expect(first.data.recipientPseudoId).toMatch(/^r-[0-9a-f]{20}$/);

    tokens.assigned = await api.token({ role: 'provider', sub: 'prv-user-a', providerId: providers[0]! });
    const early = await get('assigned', `/provider/referrals/${referralIds[0]}/contact`);
    expect(early.statusCode).toBe(403);
    expect(early.json().detail).toContain('once you have accepted');
    expect(JSON.stringify(early.json())).not.toContain(PERSON.phone);
  });

  it('after acceptance: the assigned provider only gets name, phone and address, audited with who; no Kafka event ever carries them', async () => {
    const { caseId, referralIds, providers } = await caseWithReferrals();
    const referralId = referralIds[0]!;
    tokens.assigned = await api.token({ role: 'provider', sub: 'prv-user-a', providerId: providers[0]! });
    expect((await post('assigned', `/provider/referrals/${referralId}/accept`)).json().status).toBe('accepted');

    const contact = await get('assigned', `/provider/referrals/${referralId}/contact`);
    expect(contact.statusCode).toBe(200);
    expect(contact.json()).toEqual({ referralId, ...PERSON });
    expect(JSON.stringify(contact.json())).not.toContain('480312');

    // Another provider (even one holding the person's other referral) is refused.
    expect((await get('stranger', `/provider/referrals/${referralId}/contact`)).statusCode).toBe(403);
    tokens.other = await api.token({ role: 'provider', sub: 'prv-user-b', providerId: providers[1]! });
    if (providers[1] !== providers[0]) expect((await get('other', `/provider/referrals/${referralId}/contact`)).statusCode).toBe(403);
    // Staff use the case itself; this channel is the provider's.
    expect((await get('caseworker', `/provider/referrals/${referralId}/contact`)).statusCode).toBe(403);

    // Once delivery ends, the details are no longer given.
    expect((await post('assigned', `/provider/referrals/${referralId}/complete`)).json().status).toBe('completed');
    expect((await get('assigned', `/provider/referrals/${referralId}/contact`)).statusCode).toBe(403);
    // Replayed by test/replay.int.test.ts: a referral with its own pseudonym and method, accepted and completed.
    await recordHistory(temporal.client.workflow.getHandle(referralId), 'referral-own-pseudonym-2026-12');

    const report = await eventually(
      () => get('supervisor', `/cases/${caseId}/access-report`).then((r) => r.json()),
      (r) => r.reads?.some((x: { action: string }) => x.action === 'referral.contact-viewed'),
    );
    expect(report.reads.find((x: { action: string }) => x.action === 'referral.contact-viewed')).toMatchObject({
      actorRole: 'provider',
      actorId: 'prv-user-a',
      target: referralId,
    });

    // Every topic, from the beginning, through the completion of the referral and the audited reads.
    const all = await readAll((seen) =>
      seen.some((m) => {
        const v = m.value?.toString() ?? '';
        return v.includes(referralId) && v.includes('provider.completed');
      }),
    );
    expect(all.length).toBeGreaterThan(5);
    for (const m of all) {
      const text = `${m.key?.toString() ?? ''} ${m.value?.toString() ?? ''} ${JSON.stringify(m.headers ?? {})}`;
      for (const detail of Object.values(PERSON)) expect(text).not.toContain(detail);
    }
  });
});
