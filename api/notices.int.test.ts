/**
 * Notices to the person through the HTTP API, on the real Temporal server and Kafka: the dong caseworker issues
 * the assessment result (Act Art. 12(1)) once it is recorded and the closure notice (Rule Art. 11) only once the
 * case is closed (refused before, with the reason); each issuance is on the case's timeline (from the audit
 * store) with how it was handed over and the PDF's SHA-256, never its content; the PDF and HTML download again
 * as issued, the PDF's Korean text reads back, and the download is audited as a read.
 */
import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { createTestApi, type TestApi } from '../test/harness/api';
import { eventually } from '../test/harness/case-env';
import { createTestKafka, readTopic, type TestKafka } from '../test/harness/kafka';
import { pdfText } from '../test/harness/pdf-text';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import type { Principal } from './auth/principal';

const DONG = '11110510';
const caseworker: Principal = { role: 'caseworker', sub: 'cw-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-park', dongs: ['11140510'] };
const supervisor: Principal = { role: 'supervisor', sub: 'sv-lee', district: '11110' };
const ADL = { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 };
const rrn = () => `480312-2${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

describe('Notices to the person (HTTP API)', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const call = (who: string, opts: InjectOptions) =>
    api.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const post = (who: string, url: string, payload: object) => call(who, { method: 'POST', url, payload });
  const get = (who: string, url: string) => call(who, { method: 'GET', url });

  beforeAll(async () => {
    kafka = await createTestKafka('notices');
    temporal = await startRealTemporal('notices', kafka);
    api = await createTestApi(temporal, kafka);
    for (const [name, p] of Object.entries({ caseworker, otherCaseworker, supervisor })) tokens[name] = await api.token(p);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  it('issues the assessment result and, once closed, the closure notice; both on the timeline and downloadable as issued', async () => {
    const opened = await post('caseworker', '/cases', {
      dongCode: DONG,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { name: '홍길순', rrn: rrn(), birthDate: '1948-03-12', address: '서울특별시 종로구 자하문로 1' },
    });
    expect({ status: opened.statusCode, body: opened.json() }).toMatchObject({ status: 201 });
    const { caseId } = opened.json();
    const notices = `/cases/${caseId}/notices`;

    // Act Art. 12(1): nothing to tell before the assessment is recorded.
    const early = await post('caseworker', notices, { kind: 'assessmentResult', handover: 'inPerson' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'DolbomNoticeRefused', detail: expect.stringContaining('Act Art. 12(1)') });

    expect((await post('caseworker', `/cases/${caseId}/consent`, { givenBy: 'person', method: 'written' })).statusCode).toBe(200);
    expect((await post('caseworker', `/cases/${caseId}/pre-survey`, { survey: { adl: ADL } })).statusCode).toBe(200);
    const assessed = await post('caseworker', `/cases/${caseId}/assessment`, {
      result: { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: [], assessor: 'NHIS' },
    });
    expect(assessed.statusCode).toBe(200);

    const issued = await post('caseworker', notices, { kind: 'assessmentResult', handover: 'inPerson' });
    expect(issued.statusCode).toBe(201);
    const assessment = issued.json();
    expect(assessment).toMatchObject({ kind: 'assessmentResult', handover: 'inPerson', issuedBy: 'cw-kim' });
    expect(assessment.noticeId).toMatch(/^notice-[0-9a-f-]{36}$/);
    expect(issued.headers.location).toBe(assessment.links.pdf);

    // Rule Art. 11: no closure notice for an open case; only the dong's caseworker issues notices.
    const open = await post('caseworker', notices, { kind: 'closure', handover: 'post' });
    expect(open.statusCode).toBe(409);
    expect(open.json().detail).toContain('the case is open');
    expect((await post('otherCaseworker', notices, { kind: 'assessmentResult', handover: 'inPerson' })).statusCode).toBe(403);
    expect((await post('supervisor', notices, { kind: 'assessmentResult', handover: 'inPerson' })).statusCode).toBe(403);
    expect((await post('caseworker', notices, { kind: 'assessmentResult', handover: 'fax' })).statusCode).toBe(400);

    // Downloaded as issued (once the audit store holds the issuance): the same bytes, the Korean reading back.
    const pdf = await eventually(
      () => get('caseworker', assessment.links.pdf),
      (r) => r.statusCode === 200,
    );
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"$/);
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(assessment.sha256);
    const text = (await pdfText(new Uint8Array(pdf.rawPayload))).text.replace(/\s+/g, '');
    for (const phrase of ['종합판정결과안내', '홍길순님', '의료지원필요도', '제12조제1항', assessment.noticeId])
      expect(text).toContain(phrase);
    const html = await get('caseworker', assessment.links.html);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<html lang="ko">');
    expect(html.body).toContain('종합판정 결과 안내');
    expect((await get('otherCaseworker', assessment.links.pdf)).statusCode).toBe(403);
    expect((await get('caseworker', `${notices}/notice-00000000-0000-4000-8000-000000000000.pdf`)).statusCode).toBe(404);

    const closed = await post('caseworker', `/cases/${caseId}/closure`, { ground: 'supportNoLongerNeeded' });
    expect(closed.json().status).toBe('closed');
    const closure = await post('caseworker', notices, { kind: 'closure', handover: 'post' });
    expect(closure.statusCode).toBe(201);
    const closurePdf = await eventually(
      () => get('caseworker', closure.json().links.pdf),
      (r) => r.statusCode === 200,
    );
    expect((await pdfText(new Uint8Array(closurePdf.rawPayload))).text.replace(/\s+/g, '')).toContain(
      '복합적인지원이더이상필요하지않게된경우',
    );

    // On the timeline: who issued which notice, how it was handed over, the PDF's hash; never its content.
    const timeline = await eventually(
      () => get('caseworker', `/cases/${caseId}/timeline`).then((r) => r.json()),
      (t) => t.items.filter((i: { action: string }) => i.action === 'notice.issued').length === 2,
    );
    const items = timeline.items.filter((i: { action: string }) => i.action === 'notice.issued');
    expect(items[0]).toMatchObject({
      target: assessment.noticeId,
      actorRole: 'caseworker',
      actorId: 'cw-kim',
      details: { kind: 'assessmentResult', handover: 'inPerson', noticeId: assessment.noticeId, sha256: assessment.sha256 },
    });
    expect(items[1].details).toMatchObject({ kind: 'closure', handover: 'post', status: 'closed' });
    expect(JSON.stringify(timeline)).not.toContain('홍길순');
    expect(timeline.pending).toEqual([]);
    const list = (await get('caseworker', notices)).json();
    expect(list.items.map((n: { kind: string }) => n.kind)).toEqual(['assessmentResult', 'closure']);

    // The download is audited as a read, and no audit record carries the notice's content.
    const audit = await readTopic(kafka.kafka, kafka.topics.audit, (ms) =>
      ms.some((m) => JSON.parse(m.value!.toString()).data.action === 'notice.downloaded'),
    );
    const records = audit.map((m) => JSON.parse(m.value!.toString()).data).filter((d) => d.caseId === caseId);
    expect(records.find((d) => d.action === 'notice.downloaded')).toMatchObject({ access: 'read', target: assessment.noticeId });
    expect(JSON.stringify(records)).not.toContain('홍길순');
  });
});
