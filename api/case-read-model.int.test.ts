/**
 * The API's read model on the real Temporal server and Kafka (api/case-read-model.ts): a case that changed is
 * read from the state the case handed over, encrypted on the case-state topic; the caller's own action shows in
 * the next read; a caseworker of another dong is still refused; with the worker gone, the read model still
 * answers, until a case event arrives that its state does not show and no state follows (a state lost with a
 * crashed worker): the case is then asked of the workflow (503 while no worker answers).
 */
import type { InjectOptions } from 'fastify';
import { openCaseEvents } from '../bench/case-events';
import { createTestApi, type TestApi } from '../test/harness/api';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const TTL_MS = 30_000;
const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-park', dongs: ['11140510'] };
const rrn = () => `470502-1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

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

  it('serves a changed case from its encrypted state, and asks the workflow once an event shows the state is behind', async () => {
    const name = '최말순';
    const res = await post('caseworker', '/cases', {
      dongCode: DONG,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { name, rrn: rrn(), birthDate: '1947-05-02' },
    });
    const { caseId } = res.json() as { caseId: string };
    const model = api.ctx.caseEvents!.readModel;
    const stream = await openCaseEvents(base, tokens.caseworker!, caseId);
    /** Waits for the stream until the read model holds timeline entry `seq` of the case. */
    const stateWith = async (seq: number) => {
      for (let i = 0; i < 10 && !((model.held(caseId)?.seq ?? 0) >= seq); i++) await stream.take(3000);
      expect(model.held(caseId)).toMatchObject({ servable: true });
      expect(model.held(caseId)!.seq).toBeGreaterThanOrEqual(seq);
    };
    try {
      const consent = await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' });
      expect(consent.statusCode).toBe(200);
      // The read right after the action shows it, whether its state is here yet or the workflow is asked.
      expect((await get('caseworker', `/cases/${caseId}`)).json().status).toBe('preSurvey');

      // Once the state is here, the read comes from the read model: no query.
      await stateWith(consent.json().seq);
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

      // With the worker gone, the read model still answers.
      const survey = await post('caseworker', `/cases/${caseId}/pre-survey`, {
        survey: {
          adl: { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 },
          livesAlone: true,
        },
      });
      expect(survey.statusCode).toBe(200);
      await stateWith(survey.json().seq);
      await temporal.stopWorker();
      expect((await get('caseworker', `/cases/${caseId}`)).json().status).toBe(survey.json().status);

      // A case event its state does not show, and no state after it (as when a crashed worker lost the state):
      // a second later the case is evicted, its stream is told, and the read goes to the workflow (none answers).
      const held = model.held(caseId)!.seq;
      await kafka.producer.send({
        topic: kafka.topics.caseEvents,
        messages: [
          {
            key: caseId,
            value: JSON.stringify({ subject: caseId, type: 'kr.dolbom.case.closed.v1', data: { caseId, seq: held + 1 } }),
            headers: { ce_type: 'kr.dolbom.case.closed.v1' },
          },
        ],
      });
      let told: string[] = [];
      for (let i = 0; i < 5 && !told.includes('kr.dolbom.case.closed.v1'); i++)
        told = [...told, ...(await stream.take(3000)).map((c) => c.type)];
      expect(told).toContain('kr.dolbom.case.closed.v1');
      expect(model.held(caseId)).toMatchObject({ servable: false });
      expect((await get('caseworker', `/cases/${caseId}`)).statusCode).toBe(503);
    } finally {
      stream.close();
    }
  });
});
