/**
 * The HTTP API on the real Temporal server and Kafka: a case carried through the API by each role, scoped
 * access (401/403 for each role on each kind of endpoint, including another dong's case id), bad input, and
 * audited reads.
 */
import { SignJWT } from 'jose';
import { AUDIENCE, LOCAL_ISSUER } from './auth/tokens';
import type { InjectOptions } from 'fastify';
import { uniqueId } from '../test/harness/ids';
import { createTestApi, type TestApi } from '../test/harness/api';
import { eventually } from '../test/harness/case-env';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';
import { caseStateQuery } from '../workflows/case/case.messages';

const DONG = '11110510';
const OTHER_DONG = '11140510';
const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-park', dongs: [OTHER_DONG] };
const supervisor: Principal = { role: 'supervisor', sub: 'sv-lee', district: '11110' };
const otherSupervisor: Principal = { role: 'supervisor', sub: 'sv-choi', district: '11140' };
const provider: Principal = { role: 'provider', sub: 'prv-user', providerId: 'prv-11110-hc-01' };
const assessor: Principal = { role: 'assessor', sub: 'nhis-jongno', districts: ['11110'] };
const otherAssessor: Principal = { role: 'assessor', sub: 'nhis-gangnam', districts: ['11680'] };

const rrn = () => `480312-2${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const intakeBody = (overrides: Record<string, unknown> = {}) => ({
  dongCode: DONG,
  application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
  personal: { name: '홍길순', rrn: rrn(), birthDate: '1948-03-12', phone: '010-1234-5678' },
  ...overrides,
});
const ADL = { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 };

describe('HTTP API', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  const tokens: Record<string, string> = {};

  const call = async (who: keyof typeof tokens | null, opts: InjectOptions) => {
    const headers = { ...(opts.headers ?? {}), ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) };
    return api.app.inject({ ...opts, headers });
  };
  const post = (who: keyof typeof tokens | null, url: string, payload?: unknown) =>
    call(who, { method: 'POST', url, payload: payload as object });
  const get = (who: keyof typeof tokens | null, url: string) => call(who, { method: 'GET', url });

  beforeAll(async () => {
    kafka = await createTestKafka('api');
    temporal = await startRealTemporal('api', kafka);
    api = await createTestApi(temporal, kafka, { policyOverrides: { '11110': { overdueGraceBusinessDays: 7 } } });
    for (const [name, p] of Object.entries({ caseworker, otherCaseworker, supervisor, otherSupervisor, provider, assessor, otherAssessor }))
      tokens[name] = await api.token(p);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  async function openCase(): Promise<string> {
    const res = await post('caseworker', '/cases', intakeBody());
    expect(res.statusCode).toBe(201);
    return res.json().caseId as string;
  }

  it('carries a case through intake, survey, eligibility, plan and conference, answering 201 with Location', async () => {
    const res = await post('caseworker', '/cases', intakeBody());
    expect(res.statusCode).toBe(201);
    const { caseId } = res.json();
    expect(res.headers.location).toBe(`/cases/${caseId}`);
    // Intake answers once the case's first workflow task has run (its start carries an update): consent, next,
    // waits for a task of its own only.
    const events = (await api.ctx.client.workflow.getHandle(caseId).fetchHistory()).events ?? [];
    const completedTask = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
    const answered = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    expect(completedTask).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(completedTask);
    expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).json().status).toBe(
      'preSurvey',
    );
    expect((await post('caseworker', `/cases/${caseId}/pre-survey`, { survey: { adl: ADL } })).json().status).toBe('awaitingAssessment');
    // Decree Art. 5: the assessor of the district sees the request with its deadline and answers it; another district's does not.
    const worklist = await eventually(
      () => get('assessor', '/assessor/requests').then((r) => r.json()),
      (b) => b.items.some((i: { caseId: string; nextDeadline: string | null }) => i.caseId === caseId && i.nextDeadline),
    );
    expect(worklist.items.find((i: { caseId: string }) => i.caseId === caseId)).toMatchObject({ district: '11110', escalationOpen: false });
    const elsewhere = (await get('otherAssessor', '/assessor/requests')).json();
    expect(elsewhere.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
    expect((await get('caseworker', '/assessor/requests')).statusCode).toBe(403);
    const result = { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: [] };
    expect((await post('otherAssessor', `/cases/${caseId}/assessment`, { result })).statusCode).toBe(403);
    expect((await post('assessor', `/cases/${caseId}/assessment`, { result })).statusCode).toBe(200);
    const elig = await post('caseworker', `/cases/${caseId}/eligibility`, {
      severeDisabilityRecognised: false,
      difficultyCauses: ['frailty'],
    });
    expect(elig.json()).toMatchObject({ eligible: true, status: 'planning' });
    const plan = {
      lines: [
        {
          lineId: 'L1',
          serviceCode: 'LTC-02',
          quantity: { amount: 3, unit: 'visit', per: 'week' },
          period: { start: '2026-12-01', end: '2027-05-31' },
        },
      ],
      personHeard: true,
    };
    expect((await post('caseworker', `/cases/${caseId}/plan`, plan)).statusCode).toBe(200);
    expect((await post('caseworker', `/cases/${caseId}/plan/submit`, {})).json().status).toBe('awaitingConference');

    const queue = await eventually(
      () => get('supervisor', '/supervisor/conference-queue').then((r) => r.json()),
      (b) => b.items.some((i: { caseId: string }) => i.caseId === caseId),
    );
    expect(queue.items.find((i: { caseId: string }) => i.caseId === caseId).status).toBe('awaitingConference');
    const refused = await post('caseworker', `/cases/${caseId}/conference-decision`, { decision: 'approve' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toContain('supervisor');
    expect((await post('supervisor', `/cases/${caseId}/conference-decision`, { decision: 'approve' })).json().status).toBe('active');

    const view = (await get('caseworker', `/cases/${caseId}`)).json();
    expect(view.personal.rrn).toMatch(/^\d{6}-\*{7}$/);
    expect((await get('supervisor', `/cases/${caseId}`)).json().personal).toBeUndefined();

    // The timeline is read from the audit store, which the audit topic feeds a moment after each step: until the
    // store holds every step the case reports, the missing ones are named (pending), never dropped.
    const first = (await get('supervisor', `/cases/${caseId}/timeline`)).json();
    expect(first.unreadable).toEqual(first.pending.map((p: { target: string }) => p.target));
    for (const p of first.pending) expect(p.recorded).toBeLessThan(p.taken);
    // The referral's own steps join it as its child workflow takes them (asynchronously to the approval).
    const timeline = await eventually(
      async () => (await get('supervisor', `/cases/${caseId}/timeline`)).json(),
      (t) => t.pending.length === 0 && t.items.some((i: { action: string }) => i.action === 'requested'),
    );
    const actions = timeline.items.map((i: { action: string }) => i.action) as string[];
    expect(actions.slice(0, 8)).toEqual([
      'opened',
      'consentRecorded',
      'preSurveyRecorded',
      'assessmentRequested',
      'assessmentRecorded',
      'eligibilityDecided',
      'planDrafted',
      'planSubmitted',
    ]);
    expect(actions).toEqual(expect.arrayContaining(['conferenceDecided', 'requested']));
    expect(actions).not.toContain('case.viewed'); // reads are in the access report, not the timeline
    expect(timeline.items[0]).toMatchObject({
      target: caseId,
      actorRole: 'caseworker',
      actorId: 'cw-kim',
      details: { status: 'awaitingConsent' },
    });
    expect(timeline.unreadable).toEqual([]);
    expect(timeline.completeUpTo).toBe(timeline.items.at(-1).at);
    const csv = await get('supervisor', `/cases/${caseId}/timeline?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('seq,at,target,actorRole,actorId,action,details');
    expect(csv.body.split('\r\n')[1]).toMatch(new RegExp(`^\\d+,[^,]+,${caseId},caseworker,cw-kim,opened,`));

    // Reads are audited: who, role, what, from where.
    const audit = await readTopic(kafka.kafka, kafka.topics.audit, (ms) =>
      ms.some((m) => JSON.parse(m.value!.toString()).data.action === 'timeline.viewed'),
    );
    const read = audit.map((m) => JSON.parse(m.value!.toString())).find((e) => e.data.action === 'timeline.viewed');
    expect(read.data).toMatchObject({ caseId, access: 'read', actorRole: 'supervisor', actorId: 'sv-lee' });
    expect(read.data.details.from).toBeDefined();

    // The audit store, fed from that stream, answers who viewed the case; its hash chain verifies.
    const report = await eventually(
      () => get('supervisor', `/cases/${caseId}/access-report`).then((r) => r.json()),
      (b) => b.reads?.some((r: { action: string }) => r.action === 'timeline.viewed'),
    );
    expect(report.reads.map((r: { actorId: string }) => r.actorId)).toEqual(expect.arrayContaining(['cw-kim', 'sv-lee']));
    expect((await get('supervisor', '/audit/verify')).json().ok).toBe(true);
    expect((await get('otherSupervisor', `/cases/${caseId}/access-report`)).statusCode).toBe(403);
  });

  it("starts a case with its district's policy as the API resolves it: the first workflow task runs no local activity", async () => {
    const caseId = await openCase();
    expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
    const handle = temporal.client.workflow.getHandle(caseId);
    expect((await handle.query(caseStateQuery)).policy.overdueGraceBusinessDays).toBe(7);
    const { events } = await handle.fetchHistory();
    const markers = (events ?? []).flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes.markerName] : []));
    expect(markers).not.toContain('core_local_activity');
    expect(markers).toContain('core_patch'); // the markers are there to be seen
  });

  it('refuses a second intake for the same person with 409 naming the existing case', async () => {
    const body = intakeBody();
    const first = await post('caseworker', '/cases', body);
    const second = await post('caseworker', '/cases', body);
    expect(second.statusCode).toBe(409);
    expect(second.json().existingCaseId).toBe(first.json().caseId);
  });

  it('answers 401 without a token, with a forged one and with an expired one', async () => {
    const caseId = await openCase();
    expect((await get(null, `/cases/${caseId}`)).statusCode).toBe(401);
    const forged = tokens.caseworker!.slice(0, -4) + (tokens.caseworker!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await call(null, { method: 'GET', url: `/cases/${caseId}`, headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(
      401,
    );
    const now = Math.floor(Date.now() / 1000);
    const signed = (iat: number, exp?: number) => {
      const jwt = new SignJWT({ role: 'caseworker', dongs: caseworker.dongs })
        .setProtectedHeader({ alg: 'ES256', kid: api.key.kid })
        .setSubject(caseworker.sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat);
      return (exp === undefined ? jwt : jwt.setExpirationTime(exp)).sign(api.key.privateKey);
    };
    // Expired; without exp; issued longer ago than the longest lifetime (issue 14), however far its exp.
    for (const token of [await signed(now - 60, now - 10), await signed(now), await signed(now - 13 * 3600, now + 3600)]) {
      const res = await call(null, { method: 'GET', url: `/cases/${caseId}`, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await expect(api.token(caseworker, 13 * 3600)).rejects.toThrow(/at most 12 hours/);
    for (const url of ['/caseload', '/supervisor/escalations', '/provider/referrals']) expect((await get(null, url)).statusCode).toBe(401);
  });

  it('answers 403 for each role outside its area or role, including a guessed case id from another dong', async () => {
    const caseId = await openCase();
    expect((await get('otherCaseworker', `/cases/${caseId}`)).statusCode).toBe(403);
    const refused = await post('otherCaseworker', `/cases/${caseId}/consent`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe(`case ${caseId} is outside your dong`); // from the update's validator
    expect((await post('otherSupervisor', `/cases/${caseId}/closure`, { ground: 'death' })).statusCode).toBe(403);
    expect((await get('otherSupervisor', `/cases/${caseId}`)).statusCode).toBe(403);
    expect((await get('otherSupervisor', `/cases/${caseId}/timeline`)).statusCode).toBe(403);
    expect((await get('provider', `/cases/${caseId}`)).statusCode).toBe(403);
    expect((await post('provider', `/cases/${caseId}/consent`, {})).statusCode).toBe(403);
    expect((await get('otherCaseworker', `/cases/${caseId}/timeline`)).statusCode).toBe(403);
    expect((await get('caseworker', `/cases/${caseId}/timeline`)).statusCode).toBe(200); // the dong's own caseworker
    expect((await get('provider', '/caseload')).statusCode).toBe(403);
    expect((await get('caseworker', '/supervisor/workload')).statusCode).toBe(403);
    expect((await get('caseworker', '/provider/referrals')).statusCode).toBe(403);
    expect((await post('otherCaseworker', '/cases', intakeBody())).statusCode).toBe(403);
    expect((await get('caseworker', `/caseload?dong=${OTHER_DONG}`)).statusCode).toBe(403);
    // Nothing changed by the refused calls.
    expect((await get('caseworker', `/cases/${caseId}`)).json().status).toBe('awaitingConsent');
  });

  it('answers bad input with a clear 4xx and writes nothing', async () => {
    const caseId = await openCase();
    const unknownField = await post('caseworker', `/cases/${caseId}/consent`, { sneaky: true });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors.length).toBeGreaterThan(0);
    // A provider named in a plan line must be in the directory, offer the service and serve the dong (issue 14).
    const line = { lineId: 'L1', serviceCode: 'LTC-02', quantity: { amount: 1, unit: 'visit', per: 'week' } };
    const period = { start: '2026-12-01', end: '2027-05-31' };
    const unknownProvider = await post('caseworker', `/cases/${caseId}/plan`, {
      lines: [{ ...line, period, preferredProviderId: 'prv-11110-zz-99' }],
      personHeard: true,
    });
    expect(unknownProvider.statusCode).toBe(400);
    expect(unknownProvider.json().detail).toContain('not in the provider directory');
    const wrongType = await post('caseworker', `/cases/${caseId}/pre-survey`, { survey: { adl: { ...ADL, bathing: 'lots' } } });
    expect(wrongType.statusCode).toBe(400);
    expect(JSON.stringify(wrongType.json().errors)).toContain('bathing');
    const tooBig = await post('caseworker', '/cases', { ...intakeBody(), padding: 'x'.repeat(70 * 1024) });
    expect(tooBig.statusCode).toBe(413);
    const badRrn = await post('caseworker', '/cases', intakeBody({ personal: { name: 'x', rrn: '12', birthDate: '1948-03-12' } }));
    expect(badRrn.statusCode).toBe(400);
    // Resident Registration Act Art. 7-2: the number's century digit (4: born in the 2000s) contradicts 1948.
    const contradictingRrn = await post(
      'caseworker',
      '/cases',
      intakeBody({ personal: { name: 'x', rrn: '480312-4000001', birthDate: '1948-03-12' } }),
    );
    expect(contradictingRrn.statusCode).toBe(400);
    expect(JSON.stringify(contradictingRrn.json().errors)).toContain('seventh digit (4)');
    const outOfOrder = await post('caseworker', `/cases/${caseId}/plan/submit`, {});
    expect(outOfOrder.statusCode).toBe(409);
    const exOfficioWithoutGround = await post(
      'caseworker',
      '/cases',
      intakeBody({ application: { applicantType: 'exOfficio', priorExplanationGiven: true, residence: { basis: 'actualResidence' } } }),
    );
    expect(exOfficioWithoutGround.statusCode).toBe(400);
    expect((await get('caseworker', `/cases/${caseId}`)).json().timeline).toHaveLength(1);
    expect((await get('caseworker', '/cases/case-nobody-000000')).statusCode).toBe(404);
  });

  it('lets a provider see and answer only its own referrals, with the same effect as Kafka', async () => {
    const caseId = await openCase();
    await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' });
    const line = {
      lineId: 'U1',
      serviceCode: 'DAY-02',
      quantity: { amount: 1, unit: 'visit', per: 'day' },
      period: { start: '2026-12-01', end: '2026-12-31' },
      preferredProviderId: undefined,
    };
    const { referralId } = (await post('caseworker', `/cases/${caseId}/urgent-services`, { line })).json();
    const state = await eventually(
      () => get('caseworker', `/cases/${caseId}`).then((r) => r.json()),
      (s) => s.referrals[referralId]?.status === 'requested',
    );
    const assigned: string = state.referrals[referralId].providerId;
    const mine = { role: 'provider', sub: 'prv-user-2', providerId: assigned } as const;
    tokens.assigned = await api.token(mine);
    const list = await eventually(
      () => get('assigned', '/provider/referrals?view=new').then((r) => r.json()),
      (b) => b.items.some((i: { referralId: string }) => i.referralId === referralId),
    );
    expect(list.items.find((i: { referralId: string }) => i.referralId === referralId).serviceCode).toBe('DAY-02');
    expect((await post('provider', `/provider/referrals/${referralId}/accept`, {})).statusCode).toBe(403);
    expect((await post('assigned', `/provider/referrals/${referralId}/decline`, {})).statusCode).toBe(400);
    const key = uniqueId('idem');
    const accept = await call('assigned', {
      method: 'POST',
      url: `/provider/referrals/${referralId}/accept`,
      payload: {},
      headers: { 'idempotency-key': key },
    });
    expect(accept.json()).toMatchObject({ status: 'accepted', duplicate: false });
    const again = await call('assigned', {
      method: 'POST',
      url: `/provider/referrals/${referralId}/accept`,
      payload: {},
      headers: { 'idempotency-key': key },
    });
    expect(again.json()).toMatchObject({ status: 'accepted', duplicate: true });
    expect((await post('assigned', `/provider/referrals/${referralId}/complete`, {})).json().status).toBe('completed');
    expect((await post('assigned', `/provider/referrals/${referralId}/start`, {})).statusCode).toBe(409);
  });

  it('reports liveness and readiness, and serves its OpenAPI document', async () => {
    expect((await get(null, '/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await get(null, '/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ temporal: 'ok', kafka: 'ok' });
    const doc = (await get(null, '/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/cases',
        '/cases/{caseId}/consent',
        '/provider/referrals/{referralId}/accept',
        '/supervisor/conference-queue',
      ]),
    );
    expect((await get(null, '/docs/')).statusCode).toBe(200);
  });
});
