/**
 * Case ownership on the real Temporal server and Kafka, through the HTTP API (Rule Arts. 7-8: the dong's
 * caseworker carries the case; Act Art. 10: the dong of residence): the caseworker assigned at intake, one case
 * reassigned, a departing caseworker's whole caseload reassigned (no case missed, none twice on a retry), and a
 * transfer to another dong (the old dong's caseworker loses the case, the new dong's gains it), each audited.
 */
import type { InjectOptions } from 'fastify';
import { createTestApi, type TestApi } from '../test/harness/api';
import { eventually } from '../test/harness/case-env';
import { uniqueId } from '../test/harness/ids';
import { recordHistory } from '../test/harness/histories';
import { createTestKafka, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const NEW_DONG = '11110530';
const rrn = () => `480312-2${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

describe('Rule Arts. 7-8 and Act Art. 10: who carries a case', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  // Unique staff ids per run: the dev server's visibility store outlives the suite.
  const leaving = uniqueId('cw-leaving');
  const staying = uniqueId('cw-staying');
  const principals = {
    leaving: { role: 'caseworker', sub: leaving, dongs: [DONG] },
    staying: { role: 'caseworker', sub: staying, dongs: [DONG] },
    newDong: { role: 'caseworker', sub: uniqueId('cw-new'), dongs: [NEW_DONG] },
    supervisor: { role: 'supervisor', sub: 'sv-lee', district: '11110' },
    otherSupervisor: { role: 'supervisor', sub: 'sv-choi', district: '11140' },
    assessor: { role: 'assessor', sub: 'nhis-1', districts: ['11110'] },
  } satisfies Record<string, Principal>;
  type Who = keyof typeof principals;
  const tokens = {} as Record<Who, string>;

  const call = (who: Who, opts: InjectOptions) =>
    api.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const post = (who: Who, url: string, payload: object, headers: Record<string, string> = {}) =>
    call(who, { method: 'POST', url, payload, headers });
  const get = (who: Who, url: string) => call(who, { method: 'GET', url });

  beforeAll(async () => {
    kafka = await createTestKafka('ownership');
    temporal = await startRealTemporal('ownership', kafka);
    api = await createTestApi(temporal, kafka);
    for (const [name, p] of Object.entries(principals)) tokens[name as Who] = await api.token(p);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  const openCase = async (who: Who, extra: object = {}): Promise<string> => {
    const res = await post(who, '/cases', {
      dongCode: DONG,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { name: '홍길순', rrn: rrn(), birthDate: '1948-03-12' },
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json().caseId as string;
  };
  const mine = (who: Who) =>
    get(who, '/caseload?mine=true&pageSize=200').then((r) => (r.json().items as { caseId: string }[]).map((i) => i.caseId));

  it('assigns the caseworker who opens the case (or the one named) and lists it under "my cases"', async () => {
    const own = await openCase('leaving');
    const named = await openCase('leaving', { assignedCaseworkerId: staying });
    expect((await get('leaving', `/cases/${own}`)).json().assignedCaseworkerId).toBe(leaving);
    expect((await get('leaving', `/cases/${named}`)).json().assignedCaseworkerId).toBe(staying);
    const listed = await eventually(
      () => mine('staying'),
      (ids) => ids.includes(named),
    );
    expect(listed).not.toContain(own);
  });

  it('reassigns one case: refused to an assessor, another district’s supervisor, or the same caseworker; applied and audited otherwise', async () => {
    const caseId = await openCase('leaving');
    const body = { toCaseworkerId: staying, reason: 'workload' };
    expect((await post('assessor', `/cases/${caseId}/assignment`, body)).statusCode).toBe(409);
    expect((await post('otherSupervisor', `/cases/${caseId}/assignment`, body)).statusCode).toBe(403);
    const same = await post('supervisor', `/cases/${caseId}/assignment`, { toCaseworkerId: leaving, reason: 'workload' });
    expect(same.statusCode).toBe(409);
    expect(same.json().detail).toContain('already assigned');
    expect((await post('supervisor', `/cases/${caseId}/assignment`, { ...body, reason: 'free text' })).statusCode).toBe(400);

    const done = await post('supervisor', `/cases/${caseId}/assignment`, body);
    expect(done.statusCode).toBe(200);
    const view = (await get('staying', `/cases/${caseId}`)).json();
    expect(view.assignedCaseworkerId).toBe(staying);
    expect(view.timeline.at(-1)).toMatchObject({
      action: 'caseReassigned',
      actor: { role: 'supervisor', id: 'sv-lee' },
      details: { fromCaseworkerId: leaving, toCaseworkerId: staying, reason: 'workload' },
    });
    // Audited: the step is in the append-only store the timeline reads.
    const timeline = await eventually(
      () => get('supervisor', `/cases/${caseId}/timeline`).then((r) => r.json()),
      (t) => t.items.some((i: { action: string }) => i.action === 'caseReassigned'),
    );
    expect(timeline.items.find((i: { action: string }) => i.action === 'caseReassigned')).toMatchObject({ actorId: 'sv-lee' });
  });

  it('reassigns a departing caseworker’s whole caseload: every open case once, none missed, nothing twice on a retry', async () => {
    const from = uniqueId('cw-departs');
    const to = uniqueId('cw-takes');
    tokens.leaving = await api.token({ role: 'caseworker', sub: from, dongs: [DONG] });
    const cases = [await openCase('leaving'), await openCase('leaving'), await openCase('leaving')];
    const closed = await openCase('leaving');
    expect((await post('leaving', `/cases/${closed}/closure`, { ground: 'refuses' })).statusCode).toBe(200);
    // The list the bulk reassignment reads is Temporal's visibility store: wait until it shows this caseload.
    await eventually(
      () => mine('leaving'),
      (ids) => [...cases, closed].every((c) => ids.includes(c)),
    );
    await eventually(
      () => get('leaving', '/caseload?mine=true&status=closed').then((r) => r.json().items.map((i: { caseId: string }) => i.caseId)),
      (ids: string[]) => ids.includes(closed),
    );
    const url = `/supervisor/caseworkers/${from}/reassign`;
    // Refused: not a supervisor, no idempotency key.
    expect((await post('staying', url, { toCaseworkerId: to }, { 'idempotency-key': 'k-12345678' })).statusCode).toBe(403);
    expect((await post('supervisor', url, { toCaseworkerId: to })).statusCode).toBe(400);
    // Another district's supervisor finds none of them.
    const other = await post('otherSupervisor', url, { toCaseworkerId: to }, { 'idempotency-key': 'k-12345678' });
    expect(other.json().reassigned).toEqual([]);

    const key = uniqueId('bulk');
    const first = (await post('supervisor', url, { toCaseworkerId: to }, { 'idempotency-key': key })).json();
    expect([...first.reassigned].sort()).toEqual([...cases].sort());
    expect(first.refused).toEqual([]);
    // The retry (a lost answer, say) moves nothing twice: the same updates answer as before.
    const retry = await post('supervisor', url, { toCaseworkerId: to }, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    for (const caseId of cases) {
      const view = (await get('supervisor', `/cases/${caseId}`)).json();
      expect(view.assignedCaseworkerId).toBe(to);
      expect(view.timeline.filter((e: { action: string }) => e.action === 'caseReassigned')).toHaveLength(1);
    }
    expect((await get('supervisor', `/cases/${closed}`)).json().assignedCaseworkerId).toBe(from);
  });

  it('transfers a case when the person moves: the old dong’s caseworker loses it, the new dong’s gains it; another district is refused', async () => {
    const caseId = await openCase('staying');
    const otherDistrict = await post('staying', `/cases/${caseId}/transfer`, { toDongCode: '11140510', reason: 'personMoved' });
    expect(otherDistrict.statusCode).toBe(409);
    expect(otherDistrict.json().detail).toContain('Act Art. 10');
    expect((await get('newDong', `/cases/${caseId}`)).statusCode).toBe(403);

    const newCaseworker = principals.newDong.sub;
    const moved = await post('staying', `/cases/${caseId}/transfer`, {
      toDongCode: NEW_DONG,
      toCaseworkerId: newCaseworker,
      reason: 'personMoved',
    });
    expect(moved.statusCode).toBe(200);
    expect((await get('staying', `/cases/${caseId}`)).statusCode).toBe(403);
    expect((await post('staying', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(403);
    const view = (await get('newDong', `/cases/${caseId}`)).json();
    expect(view).toMatchObject({ dongCode: NEW_DONG, assignedCaseworkerId: newCaseworker });
    expect(view.timeline.at(-1)).toMatchObject({
      action: 'caseTransferred',
      details: { fromDongCode: DONG, toDongCode: NEW_DONG, toCaseworkerId: newCaseworker, reason: 'personMoved' },
    });
    // Its search attributes follow: the new dong's caseload and "my cases" list it, the old dong's does not.
    await eventually(
      () => mine('newDong'),
      (ids) => ids.includes(caseId),
    );
    const oldDong = (await get('staying', `/caseload?dong=${DONG}&pageSize=200`)).json().items.map((i: { caseId: string }) => i.caseId);
    expect(oldDong).not.toContain(caseId);
    expect((await post('newDong', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
    // Replayed by test/replay.int.test.ts: an intake with its caseworker, a transfer, a step in the new dong.
    await recordHistory(temporal.client.workflow.getHandle(caseId), 'case-transferred-2026-12');
  });
});
