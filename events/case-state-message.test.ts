import { randomBytes } from 'node:crypto';
import { testCodec } from '../test/harness/test-codec';
import { SAMPLE_INTAKE, sampleCaseState } from '../test/harness/sample-case';
import {
  caseStateHeaders,
  decodeCaseState,
  decodeReferralNotice,
  encodeCaseState,
  encodeReferralNotice,
  isAtLeastAsNew,
  isReferralNotice,
} from './case-state-message';

const state = sampleCaseState();
const OPENED = '2026-12-02T01:00:00.000Z';
const v = (run: number, historyLength: number, opened = OPENED) => ({ opened, run, historyLength });

test('a case state travels encrypted: no name or resident number in the bytes, and the headers name no person', async () => {
  const m = await encodeCaseState(
    { version: { opened: OPENED, run: 1, historyLength: 12 }, changeType: 'kr.dolbom.case.opened.v1', state },
    testCodec,
  );
  expect(m.key).toBe(state.caseId);
  const { name, rrn, birthDate } = SAMPLE_INTAKE.personal;
  for (const secret of [name, ...rrn.split('-'), birthDate]) {
    expect(m.value.includes(Buffer.from(secret))).toBe(false);
    expect(JSON.stringify(m.headers)).not.toContain(secret);
  }
  expect(await decodeCaseState(m.value, testCodec)).toEqual(state);
  expect(caseStateHeaders(m.headers)).toEqual({
    version: { opened: OPENED, run: 1, historyLength: 12 },
    seq: state.timeline.length,
    changeType: 'kr.dolbom.case.opened.v1',
    omitted: false,
  });
});

test('a state too large to send is left out: the message only says the case changed', async () => {
  // Random text (the codec may compress what repeats): far over the limit.
  const huge = { ...state, application: { ...state.application, note: randomBytes(1024 * 1024).toString('base64') } };
  const m = await encodeCaseState({ version: v(1, 12), changeType: 't', state: huge }, testCodec);
  expect(m.value.length).toBe(0);
  expect(caseStateHeaders(m.headers)).toMatchObject({ seq: state.timeline.length, omitted: true });
});

test('a message without its headers, or with a header that is not a number, is not a case state', () => {
  expect(caseStateHeaders(undefined)).toBeUndefined();
  const ok = { 'dolbom-opened': OPENED, 'dolbom-run': '1', 'dolbom-history-length': '5', 'dolbom-seq': '2', ce_type: 't' };
  expect(caseStateHeaders(ok)).toBeDefined();
  expect(caseStateHeaders({ ...ok, 'dolbom-seq': 'two' })).toBeUndefined();
  expect(caseStateHeaders({ ...ok, 'dolbom-run': '-1' })).toBeUndefined();
  expect(caseStateHeaders({ ...ok, ce_type: '' })).toBeUndefined();
  expect(caseStateHeaders({ ...ok, 'dolbom-opened': undefined })).toBeUndefined();
  expect(caseStateHeaders({ ...ok, 'dolbom-state-omitted': 'too-large' })?.omitted).toBe(true);
});

test('a later opening of the case id is newer whatever its run; then a later run; in one run, a longer history', () => {
  expect(isAtLeastAsNew(v(1, 5, '2027-01-05T00:00:00.000Z'), v(3, 900))).toBe(true);
  expect(isAtLeastAsNew(v(3, 900), v(1, 5, '2027-01-05T00:00:00.000Z'))).toBe(false);
  expect(isAtLeastAsNew(v(2, 3), v(1, 3000))).toBe(true);
  expect(isAtLeastAsNew(v(1, 3000), v(2, 3))).toBe(false);
  expect(isAtLeastAsNew(v(1, 20), v(1, 19))).toBe(true);
  expect(isAtLeastAsNew(v(1, 20), v(1, 20))).toBe(true);
  expect(isAtLeastAsNew(v(1, 19), v(1, 20))).toBe(false);
});

test("a referral's notice travels encrypted, and is told from a state by its header alone", async () => {
  const notice = {
    referralId: 'ref-L1-1',
    lineId: 'L1',
    status: 'rejected',
    providerId: 'prv-11110-lt-01',
    escalated: false,
    declineReason: 'atCapacity',
    attempt: 1,
    at: OPENED,
    seq: 4,
  } as const;
  const m = await encodeReferralNotice(state.caseId, notice, testCodec);
  expect(m.key).toBe(state.caseId);
  expect(m.value.includes(Buffer.from('prv-11110-lt-01'))).toBe(false);
  expect(isReferralNotice(m.headers)).toBe(true);
  expect(caseStateHeaders(m.headers)).toBeUndefined();
  expect(await decodeReferralNotice(m.value, testCodec)).toEqual(notice);
  const s = await encodeCaseState({ version: v(1, 12), changeType: 't', state }, testCodec);
  expect(isReferralNotice(s.headers)).toBe(false);
});
