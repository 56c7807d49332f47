/**
 * What each role sees of a case and a referral, and how the API behaves when the worker is away, on the real
 * Temporal server and Kafka: the caseworker sees decline reasons and reads the timeline of cases in their dong;
 * an accepted referral shows no decision deadline; a provider reads its own referral and no other; refused
 * attempts are audited with who tried, and log lines name the principal; reads and actions answer 503 within the
 * API's deadline when no worker answers.
 */
import type { InjectOptions } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createTestApi, type TestApi } from '../test/harness/api';
import { eventually } from '../test/harness/case-env';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-park', dongs: ['11140510'] };
const supervisor: Principal = { role: 'supervisor', sub: 'sv-lee', district: '11110' };

const rrn = () => `470502-1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const intakeBody = () => ({
  dongCode: DONG,
  application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
  personal: { name: '김영수', rrn: rrn(), birthDate: '1947-05-02' },
});
const urgentLine = {
  lineId: 'U1',
  serviceCode: 'DAY-02',
  quantity: { amount: 1, unit: 'visit', per: 'day' },
  period: { start: '2026-12-01', end: '2026-12-31' },
};

/** Every line the API logs, parsed, for assertions on what a log line carries. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('HTTP API: what each role sees, and failing fast', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  const log = capturingLogger();
  const tokens: Record<string, string> = {};

  const call = (t: TestApi, who: string, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const get = (who: string, url: string) => call(api, who, { method: 'GET', url });
  const post = (who: string, url: string, payload: object = {}) => call(api, who, { method: 'POST', url, payload });

  beforeAll(async () => {
    kafka = await createTestKafka('api-views');
    temporal = await startRealTemporal('api-views', kafka);
    api = await createTestApi(temporal, kafka, { logger: log.logger });
    for (const [name, p] of Object.entries({ caseworker, otherCaseworker, supervisor })) tokens[name] = await api.token(p);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  async function caseWithUrgentReferral(): Promise<{ caseId: string; referralId: string }> {
    const { caseId } = (await post('caseworker', '/cases', intakeBody())).json() as { caseId: string };
    expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
    const linked = await post('caseworker', `/cases/${caseId}/urgent-services`, { line: urgentLine });
    expect(linked.statusCode).toBe(200);
    return { caseId, referralId: (linked.json() as { referralId: string }).referralId };
  }
  const providerToken = async (name: string, providerId: string) => {
    tokens[name] = await api.token({ role: 'provider', sub: `${name}-user`, providerId });
  };
  const referralIn = async (caseId: string, referralId: string, ok: (r: Record<string, unknown>) => boolean) =>
    (
      await eventually(
        () => get('caseworker', `/cases/${caseId}`).then((r) => r.json()),
        (s) => !!s.referrals?.[referralId] && ok(s.referrals[referralId]),
      )
    ).referrals[referralId] as Record<string, unknown>;

  it('shows the caseworker why a provider declined, the next attempt, and no deadline once accepted; the provider reads only its own referral', async () => {
    const { caseId, referralId } = await caseWithUrgentReferral();
    const first = await referralIn(caseId, referralId, (r) => r.status === 'requested');
    expect(first.respondBy).toEqual(expect.any(String));
    expect(first.attempt).toBe(1);
    await providerToken('first', first.providerId as string);

    const own = await get('first', `/provider/referrals/${referralId}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ referralId, serviceCode: 'DAY-02', status: 'requested', attempt: 1, respondBy: first.respondBy });
    // Only what the provider needs: no case id, no person, no other provider's attempts.
    expect(Object.keys(own.json()).sort()).toEqual([
      'attempt',
      'attempts',
      'domain',
      'period',
      'quantity',
      'referralId',
      'respondBy',
      'serviceCode',
      'status',
      'urgent',
    ]);

    expect((await post('first', `/provider/referrals/${referralId}/decline`, { declineReason: 'atCapacity' })).json().status).toBe(
      'rejected',
    );
    const second = await referralIn(caseId, referralId, (r) => r.attempt === 2 && r.status === 'requested');
    expect(second.declineReason).toBe('atCapacity');
    expect(second.providerId).not.toBe(first.providerId);
    // The first provider lost the referral: it reads it no more, and the refusal is audited.
    expect((await get('first', `/provider/referrals/${referralId}`)).statusCode).toBe(403);

    await providerToken('second', second.providerId as string);
    expect((await post('second', `/provider/referrals/${referralId}/accept`)).json().status).toBe('accepted');
    const accepted = await referralIn(caseId, referralId, (r) => r.status === 'accepted');
    expect(accepted.respondBy).toBeUndefined();
    expect((await get('second', `/provider/referrals/${referralId}`)).json()).toMatchObject({
      status: 'accepted',
      respondBy: null,
      attempt: 2,
    });
    const active = await eventually(
      () => get('second', '/provider/referrals?view=active').then((r) => r.json()),
      (b) => b.items.some((i: { referralId: string }) => i.referralId === referralId),
    );
    expect(active.items.find((i: { referralId: string }) => i.referralId === referralId).respondBy).toBeNull();

    // The caseworker reads the case's timeline (JSON and CSV) from the audit store: the decline as the provider gave it.
    const timeline = await eventually(
      () => get('caseworker', `/cases/${caseId}/timeline`).then((r) => r.json()),
      (t) => t.items?.some((i: { action: string }) => i.action === 'provider.accepted') && t.unreadable?.length === 0,
    );
    expect(timeline.items.find((i: { action: string }) => i.action === 'provider.rejected')).toMatchObject({
      target: referralId,
      actorRole: 'provider',
      actorId: first.providerId,
      details: { status: 'rejected', declineReason: 'atCapacity' },
    });
    const csv = await get('caseworker', `/cases/${caseId}/timeline?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('provider.rejected');
    expect((await get('otherCaseworker', `/cases/${caseId}/timeline`)).statusCode).toBe(403);
  });

  it('after consent withdrawal shows a closed case with every referral final, no open referral or deadline, and publishes its events in causal order', async () => {
    const cases = await Promise.all(
      [0, 1, 2].map(async () => {
        const { caseId } = (await post('caseworker', '/cases', intakeBody())).json() as { caseId: string };
        await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' });
        const ids: string[] = [];
        for (const [lineId, serviceCode] of [
          ['U1', 'DAY-02'],
          ['U2', 'DAY-05'],
        ]) {
          ids.push(
            (await post('caseworker', `/cases/${caseId}/urgent-services`, { line: { ...urgentLine, lineId, serviceCode } })).json()
              .referralId as string,
          );
        }
        return { caseId, ids };
      }),
    );
    // One referral of each case accepted, the other still awaiting its provider.
    for (const { caseId, ids } of cases) {
      const r = await referralIn(caseId, ids[0]!, (x) => x.status === 'requested');
      await referralIn(caseId, ids[1]!, (x) => x.status === 'requested');
      await providerToken('acceptor', r.providerId as string);
      expect((await post('acceptor', `/provider/referrals/${ids[0]}/accept`)).statusCode).toBe(200);
      await referralIn(caseId, ids[0]!, (x) => x.status === 'accepted');
    }
    await Promise.all(
      cases.map(async ({ caseId }) => expect((await post('caseworker', `/cases/${caseId}/consent/withdraw`)).json().status).toBe('closed')),
    );

    for (const { caseId, ids } of cases) {
      // At once: the closed case shows no open referral and no deadline.
      const view = (await get('caseworker', `/cases/${caseId}`)).json();
      expect(view.status).toBe('closed');
      for (const id of ids) expect(view.referrals[id]).toMatchObject({ status: 'cancelled' });
      for (const id of ids) expect(view.referrals[id].respondBy).toBeUndefined();
      // Each referral confirms its cancellation before the case completes; the list shows no open referral or deadline.
      const handle = temporal.client.workflow.getHandle(caseId);
      await handle.result();
      // A referral confirms (signals the case) just before its own last workflow task completes.
      for (const id of ids)
        await eventually(
          () => temporal.client.workflow.getHandle(id).describe(),
          (d) => d.status.name === 'COMPLETED',
        );
      const listed = await eventually(
        () => get('caseworker', '/caseload?status=closed&pageSize=200').then((r) => r.json()),
        (b) => b.items.some((i: { caseId: string; openReferrals: number }) => i.caseId === caseId && i.openReferrals === 0),
      );
      expect(listed.items.find((i: { caseId: string }) => i.caseId === caseId).nextDeadline).toBeNull();
    }

    // Causal order per case on the case-events topic: nothing published before the event that caused it.
    const events = await readTopic(kafka.kafka, kafka.topics.caseEvents, (ms) =>
      cases.every(({ ids }) =>
        ids.every(
          (id) =>
            ms.filter((m) => m.value!.toString().includes(`"referralId":"${id}"`) && m.value!.toString().includes('"status":"cancelled"'))
              .length >= 1,
        ),
      ),
    );
    for (const { caseId, ids } of cases) {
      const mine = events
        .map((m) => JSON.parse(m.value!.toString()) as { type: string; data: { caseId: string; referralId?: string; status?: string } })
        .filter((e) => e.data.caseId === caseId);
      const at = (pred: (e: (typeof mine)[number]) => boolean) => mine.findIndex(pred);
      for (const id of ids) {
        const linked = at((e) => e.type === 'kr.dolbom.case.urgent-service-linked.v1' && JSON.stringify(e.data).includes(id));
        const requested = at((e) => e.data.referralId === id && e.data.status === 'requested');
        const cancelled = at((e) => e.data.referralId === id && e.data.status === 'cancelled');
        expect(linked).toBeGreaterThanOrEqual(0);
        expect(requested).toBeGreaterThan(linked);
        expect(cancelled).toBeGreaterThan(at((e) => e.type === 'kr.dolbom.case.consent-withdrawn.v1'));
        expect(cancelled).toBeGreaterThan(at((e) => e.type === 'kr.dolbom.case.closed.v1'));
      }
    }
  });

  it('audits refused attempts with who tried, and names the principal on its log lines', async () => {
    const { caseId } = (await post('caseworker', '/cases', intakeBody())).json() as { caseId: string };
    expect((await get('otherCaseworker', `/cases/${caseId}`)).statusCode).toBe(403);
    expect((await post('otherCaseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(403);
    const report = await eventually(
      () => get('supervisor', `/cases/${caseId}/access-report`).then((r) => r.json()),
      (b) => (b.reads ?? []).filter((r: { action: string }) => r.action === 'access.refused').length >= 2,
    );
    const refusals = report.reads.filter((r: { action: string }) => r.action === 'access.refused');
    expect(refusals.map((r: { actorId: string; actorRole: string }) => `${r.actorRole}:${r.actorId}`)).toEqual([
      'caseworker:cw-park',
      'caseworker:cw-park',
    ]);
    expect(refusals[0].sourceIp).toBeTruthy();
    // Nothing changed.
    expect((await get('caseworker', `/cases/${caseId}`)).json().status).toBe('awaitingConsent');
    // This case's requests only: the suite's other tests are refused too, as other principals.
    const completed = log.lines.filter(
      (l) =>
        l.msg === 'request completed' &&
        String((l.req as { url?: string })?.url).includes(caseId) &&
        (l.res as { statusCode?: number })?.statusCode === 403,
    );
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(completed.every((l) => (l.principal as { sub?: string })?.sub === 'cw-park')).toBe(true);
  });

  it('answers reads and actions with 503 within its deadline when no worker answers, takes intake, and applies nothing twice after', async () => {
    const downTemporal = await startRealTemporal('api-down', kafka);
    const fast = await createTestApi(downTemporal, kafka, { workerTimeoutMs: 3000 });
    tokens.fastCw = await fast.token(caseworker);
    try {
      const { caseId } = (await call(fast, 'fastCw', { method: 'POST', url: '/cases', payload: intakeBody() })).json() as {
        caseId: string;
      };
      expect((await call(fast, 'fastCw', { method: 'GET', url: `/cases/${caseId}` })).statusCode).toBe(200);
      await downTemporal.stopWorker();

      const started = Date.now();
      const read = await call(fast, 'fastCw', { method: 'GET', url: `/cases/${caseId}` });
      expect(read.statusCode).toBe(503);
      expect(read.headers['content-type']).toContain('application/problem+json');
      expect(read.json().type).toBe('urn:dolbom:problem:unavailable');
      const action = await call(fast, 'fastCw', {
        method: 'POST',
        url: `/cases/${caseId}/consent`,
        payload: { givenBy: 'person', method: 'written' },
        headers: { 'idempotency-key': 'consent-once-1' },
      });
      expect(action.statusCode).toBe(503);
      // Intake waits for the case's first task only as long as the deadline: its start is durable, so it is done.
      const lateIntake = await call(fast, 'fastCw', { method: 'POST', url: '/cases', payload: intakeBody() });
      expect(lateIntake.statusCode).toBe(201);
      const lateCaseId = (lateIntake.json() as { caseId: string }).caseId;
      expect(Date.now() - started).toBeLessThan(15000); // three calls of 3 s each, not Temporal's own minute

      // The worker returns: the cut-off action is applied once, and its retry with the same key is the same update.
      const back = await startRealTemporal('api-back', kafka, downTemporal.taskQueue);
      try {
        const retried = await eventually(
          () =>
            call(fast, 'fastCw', {
              method: 'POST',
              url: `/cases/${caseId}/consent`,
              payload: { givenBy: 'person', method: 'written' },
              headers: { 'idempotency-key': 'consent-once-1' },
            }),
          (r) => r.statusCode === 200,
          30000,
        );
        expect(retried.json().status).toBe('preSurvey');
        const state = (await call(fast, 'fastCw', { method: 'GET', url: `/cases/${caseId}` })).json();
        expect(state.timeline.filter((t: { action: string }) => t.action === 'consentRecorded')).toHaveLength(1);
        // The case taken in while no worker answered runs its first task now, once: opened, awaiting consent.
        const late = await eventually(
          () => call(fast, 'fastCw', { method: 'GET', url: `/cases/${lateCaseId}` }),
          (r) => r.statusCode === 200,
          30000,
        );
        expect(late.json().status).toBe('awaitingConsent');
        expect(late.json().timeline.map((t: { action: string }) => t.action)).toEqual(['opened']);
      } finally {
        await back.close();
      }
    } finally {
      await fast.close();
      await downTemporal.close();
    }
  });
});
