/**
 * The API's read model on the real Temporal server and Kafka (api/case-read-model.ts): a case that changed is
 * read from the state the case handed over, encrypted on the case-state topic; the caller's own action shows in
 * the next read; a caseworker of another dong is still refused; with the worker gone, the read model answers
 * until its TTL and the API then asks the workflow again (503 while no worker answers).
 */
import type { InjectOptions } from 'fastify';
import { openCaseEvents } from '../bench/case-events';
import { createTestApi, type TestApi } from '../test/harness/api';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const TTL_MS = 4000;
const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-park', dongs: ['11140510'] };
const rrn = () => `470502-1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HTTP API: reads from the read model', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  let base: string;
  const tokens: Record<string, string> = {};
  const call = (who: string, opts: InjectOptions) =>
    api.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const post = (who: string, url: string, payload: object = {}) => call(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => call(who, { method: 'GET', url });
  const stats = () => api.ctx.caseEvents!.readModel.stats();

  beforeAll(async () => {
    kafka = await createTestKafka('read-model');
    temporal = await startRealTemporal('read-model', kafka);
    api = await createTestApi(temporal, kafka, { caseEvents: true, readModelTtlMs: TTL_MS, workerTimeoutMs: 1500 });
    base = await api.app.listen({ host: '127.0.0.1', port: 0 });
    for (const [name, p] of Object.entries({ caseworker, otherCaseworker })) tokens[name] = await api.token(p);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  it('serves a changed case from its encrypted state, shows the caller’s own action at once, and asks Temporal after the TTL', async () => {
    const name = '최말순';
    const res = await post('caseworker', '/cases', {
      dongCode: DONG,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { name, rrn: rrn(), birthDate: '1947-05-02' },
    });
    const { caseId } = res.json() as { caseId: string };
    const stream = await openCaseEvents(base, tokens.caseworker!, caseId);
    try {
      expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
      // The read right after the action shows it, whether the state is here yet or the workflow is asked.
      expect((await get('caseworker', `/cases/${caseId}`)).json().status).toBe('preSurvey');

      // Once the stream says the case changed, the read comes from the read model: no query.
      for (let i = 0; i < 5 && api.ctx.caseEvents!.readModel.arrivedAt(caseId) === undefined; i++) await stream.take(5000);
      const before = stats();
      const view = (await get('caseworker', `/cases/${caseId}`)).json();
      expect(view).toMatchObject({ caseId, status: 'preSurvey', personal: { name, rrn: expect.stringMatching(/^\d{6}-\*{7}$/) } });
      expect(stats().hits).toBe(before.hits + 1);
      // A read naming a later timeline entry than the state holds goes to the workflow; a bad one is refused.
      expect((await get('caseworker', `/cases/${caseId}?seq=99`)).json().status).toBe('preSurvey');
      expect(stats().misses).toBe(before.misses + 1);
      expect((await get('caseworker', `/cases/${caseId}?seq=two`)).statusCode).toBe(400);
      // Its scope is checked as for any read: another dong's caseworker is refused.
      expect((await get('otherCaseworker', `/cases/${caseId}`)).statusCode).toBe(403);

      // On Kafka the state is ciphertext.
      const states = await readTopic(kafka.kafka, kafka.topics.caseState, (ms) => ms.some((m) => m.key?.toString() === caseId));
      const mine = states.filter((m) => m.key?.toString() === caseId);
      expect(mine.length).toBeGreaterThan(0);
      for (const m of mine) expect(m.value!.includes(Buffer.from(name))).toBe(false);

      // With the worker gone, the read model still answers within its TTL; after it, the API asks the workflow.
      await temporal.stopWorker();
      const arrived = api.ctx.caseEvents!.readModel.arrivedAt(caseId)!;
      expect(Date.now() - arrived).toBeLessThan(TTL_MS);
      expect((await get('caseworker', `/cases/${caseId}`)).json().status).toBe('preSurvey');
      await sleep(arrived + TTL_MS + 100 - Date.now());
      const late = await get('caseworker', `/cases/${caseId}`);
      expect(late.statusCode).toBe(503);
    } finally {
      stream.close();
    }
  });
});
