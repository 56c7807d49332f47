/** A step's audit entry, derived from its event on the case topic (audit/step-entry.ts). */
import { CONSENT_WRITE } from './fixtures';
import { auditEntryFromStepEvent } from './step-entry';

const keyed = (id: string) => `keyed-${id}`;
const event = (type: string, data: Record<string, unknown>, attrs: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      specversion: '1.0',
      id: '6f1c7a52-0f3e-5d0b-9a43-1f2e3d4c5b6a',
      source: 'urn:dolbom:seoul',
      type,
      subject: 'case-1',
      time: '2025-03-01T09:00:00+09:00',
      datacontenttype: 'application/json',
      actorrole: 'caseworker',
      actorid: 'cw-7',
      data,
      ...attrs,
    }),
  );
const caseData = {
  caseId: 'case-1',
  seq: 2,
  status: 'preSurvey',
  districtCode: '11680',
  dongCode: '11680510',
  details: { scope: ['survey'] },
};
const referralData = {
  referralId: 'case-1-ref-L1-1',
  caseId: 'case-1',
  lineId: 'L1',
  serviceCode: 'LTC-02',
  status: 'accepted',
  providerId: 'prv-11110-lt-01',
  escalated: false,
  attempt: 1,
  action: 'provider.accepted',
  step: {},
};

test("a case step's entry: the case, the step its type names, who and when, its status and coded details", () => {
  expect(auditEntryFromStepEvent(event('kr.dolbom.case.consent-recorded.v1', caseData), keyed)).toEqual({
    ok: true,
    entry: {
      ...CONSENT_WRITE,
      eventId: 'keyed-6f1c7a52-0f3e-5d0b-9a43-1f2e3d4c5b6a',
      sourceIp: null,
      details: { ...CONSENT_WRITE.details, step: { scope: ['survey'] } },
    },
  });
});

test("a referral step's entry: the referral, the step its event names, its status and coded details", () => {
  const provider = { actorrole: 'provider', actorid: 'prv-11110-lt-01' };
  expect(auditEntryFromStepEvent(event('kr.dolbom.referral.status-changed.v1', referralData, provider), keyed)).toMatchObject({
    ok: true,
    entry: {
      caseId: 'case-1',
      target: 'case-1-ref-L1-1',
      action: 'provider.accepted',
      actorRole: 'provider',
      actorId: 'prv-11110-lt-01',
      details: { status: 'accepted', step: {} },
    },
  });
});

test('says why an event cannot give an entry', () => {
  expect(auditEntryFromStepEvent(Buffer.from('{nope'), keyed)).toEqual({ ok: false, problem: 'not JSON' });
  expect(auditEntryFromStepEvent(event('kr.dolbom.system.selfcheck.v1', caseData), keyed)).toEqual({
    ok: false,
    problem: 'type: kr.dolbom.system.selfcheck.v1 is not a step event',
  });
  const { action: _a, ...noAction } = referralData;
  expect(auditEntryFromStepEvent(event('kr.dolbom.referral.status-changed.v1', noAction), keyed)).toMatchObject({
    ok: false,
    problem: expect.stringMatching(/^data\.action:/),
  });
  const { details: _d, ...noDetails } = caseData;
  expect(auditEntryFromStepEvent(event('kr.dolbom.case.opened.v1', noDetails), keyed)).toMatchObject({
    ok: false,
    problem: expect.stringMatching(/^data\.details:/),
  });
  expect(auditEntryFromStepEvent(event('kr.dolbom.case.opened.v1', caseData, { time: 'yesterday' }), keyed)).toMatchObject({
    ok: false,
    problem: expect.stringMatching(/^time:/),
  });
  expect(auditEntryFromStepEvent(event('kr.dolbom.case.opened.v1', { ...caseData, status: 'a\u0000b' }), keyed)).toMatchObject({
    ok: false,
    problem: expect.stringMatching(/NUL/),
  });
});
