/**
 * A case's live stream of changes through the HTTP API (`GET /cases/{caseId}/events`), on the real Temporal
 * server and Kafka: the caseworker of the case's dong is told of each change as it happens, and the read that
 * follows a referral's change shows it accepted (the referral's notice to its case reaches the read model too:
 * workflows/case/case-notifications.ts); a caseworker of another dong is refused.
 */
import type { InjectOptions } from 'fastify';
import { openCaseEvents } from '../bench/case-events';
import { caseStateHeaders, isReferralNotice } from '../events/case-state-message';
import { REFERRAL_STATUS_CHANGED_TYPE } from '../domain/vocabulary';
import { createTestApi, type TestApi } from '../test/harness/api';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-park', dongs: ['11140510'] };
const rrn = () => `470502-1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const urgentLine = {
  lineId: 'U1',
  serviceCode: 'DAY-02',
  quantity: { amount: 1, unit: 'visit', per: 'day' },
  period: { start: '2026-12-01', end: '2026-12-31' },
};

/** Every message the topic holds now (its partitions' end offsets, read once). */
async function readWholeTopic(kafka: TestKafka, topic: string) {
  const admin = kafka.kafka.admin();
  await admin.connect();
  const total = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  await admin.disconnect();
  return readTopic(kafka.kafka, topic, (seen) => seen.length >= total);
}

describe('HTTP API: a case’s live stream of changes', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  let base: string;
  const tokens: Record<string, string> = {};
  const call = (who: string, opts: InjectOptions) =>
    api.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const post = (who: string, url: string, payload: object = {}) => call(who, { method: 'POST', url, payload });
  const intake = async (name: string) => {
    const res = await post('caseworker', '/cases', {
      dongCode: DONG,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { name, rrn: rrn(), birthDate: '1947-05-02' },
    });
    return (res.json() as { caseId: string }).caseId;
  };

  beforeAll(async () => {
    kafka = await createTestKafka('case-events');
    temporal = await startRealTemporal('case-events', kafka);
    api = await createTestApi(temporal, kafka, { caseEvents: true });
    base = await api.app.listen({ host: '127.0.0.1', port: 0 });
    for (const [name, p] of Object.entries({ caseworker, otherCaseworker })) tokens[name] = await api.token(p);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  it('tells the dong’s caseworker of each change, and the read after an acceptance shows it', async () => {
    const caseId = await intake('김영수');
    const stream = await openCaseEvents(base, tokens.caseworker!, caseId);
    try {
      expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
      const afterConsent = await stream.take(15_000);
      expect(afterConsent.length).toBeGreaterThan(0);

      const linked = await post('caseworker', `/cases/${caseId}/urgent-services`, { line: urgentLine });
      const { referralId } = linked.json() as { referralId: string };
      // Read on every change until the referral is asked of a provider; then that provider accepts.
      let providerId: string | undefined;
      for (let i = 0; i < 20 && !providerId; i++) {
        await stream.take(5000);
        const view = (await call('caseworker', { method: 'GET', url: `/cases/${caseId}` })).json();
        if (view.referrals?.[referralId]?.status === 'requested') providerId = view.referrals[referralId].providerId;
      }
      expect(providerId).toEqual(expect.any(String));
      await stream.take(0);
      tokens.provider = await api.token({ role: 'provider', sub: 'provider-user', providerId: providerId! });
      expect((await post('provider', `/provider/referrals/${referralId}/accept`)).json().status).toBe('accepted');

      // A read set off by the referral's change shows it accepted (a change of its request may still be on its way).
      const model = api.ctx.caseEvents!.readModel;
      const missesBefore = model.stats().misses;
      let status: string | undefined;
      for (let i = 0; i < 10 && status !== 'accepted'; i++) {
        const changes = await stream.take(15_000);
        if (!changes.some((c) => c.type === REFERRAL_STATUS_CHANGED_TYPE)) continue;
        status = (await call('caseworker', { method: 'GET', url: `/cases/${caseId}` })).json().referrals[referralId].status;
      }
      expect(status).toBe('accepted');
      // The referral's notices reached the read model on their own way (worker sink, case-state topic), and were
      // applied to the state it held (api/case-read-model.ts): the read was served there, not asked of the workflow.
      expect(model.stats().notices).toBeGreaterThan(0);
      expect(model.stats().misses).toBe(missesBefore);
      // The case applied the acceptance as the model did, so it handed over no state after it
      // (domain/case/referral-notices.ts derivableFromNotice).
      await new Promise((r) => setTimeout(r, 1500));
      const onTopic = (await readWholeTopic(kafka, kafka.topics.caseState)).filter((m) => m.key?.toString() === caseId);
      const lastNotice = onTopic.map((m) => isReferralNotice(m.headers ?? {})).lastIndexOf(true);
      expect(lastNotice).toBeGreaterThan(0);
      expect(onTopic.slice(lastNotice + 1).map((m) => caseStateHeaders(m.headers ?? {})?.changeType)).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('refuses a caseworker of another dong, and a caller without a token', async () => {
    const caseId = await intake('박순자');
    const res = await fetch(`${base}/cases/${caseId}/events`, { headers: { authorization: `Bearer ${tokens.otherCaseworker}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const noToken = await fetch(`${base}/cases/${caseId}/events`);
    expect(noToken.status).toBe(401);
  });
});
