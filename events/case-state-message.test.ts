import { openedCaseState } from '../domain/case/case-state';
import { DEFAULT_POLICY } from '../domain/policy-defaults';
import { testCodec } from '../test/harness/test-codec';
import { caseStateHeaders, decodeCaseState, encodeCaseState, isAtLeastAsNew } from './case-state-message';

const intake = {
  recipientPseudoId: 'p-0123456789abcdef0123',
  dongCode: '11110510',
  districtCode: '11110',
  application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor: { role: 'caseworker', id: 'cw-kim' },
} as const;
const state = openedCaseState('case-p-0123456789abcdef0123', intake as never, DEFAULT_POLICY, '2026-12-02T01:00:00.000Z');

test('a case state travels encrypted: no name or resident number in the bytes, and the headers name no person', async () => {
  const m = await encodeCaseState({ version: { run: 1, historyLength: 12 }, changeType: 'kr.dolbom.case.opened.v1', state }, testCodec);
  expect(m.key).toBe(state.caseId);
  for (const secret of ['홍길순', '480312', '2123456', '1948-03-12']) {
    expect(m.value.includes(Buffer.from(secret))).toBe(false);
    expect(JSON.stringify(m.headers)).not.toContain(secret);
  }
  expect(await decodeCaseState(m.value, testCodec)).toEqual(state);
  expect(caseStateHeaders(m.headers)).toEqual({
    version: { run: 1, historyLength: 12 },
    seq: state.timeline.length,
    changeType: 'kr.dolbom.case.opened.v1',
  });
});

test('a message without its headers, or with a header that is not a number, is not a case state', () => {
  expect(caseStateHeaders(undefined)).toBeUndefined();
  const ok = { 'dolbom-run': '1', 'dolbom-history-length': '5', 'dolbom-seq': '2', ce_type: 't' };
  expect(caseStateHeaders(ok)).toBeDefined();
  expect(caseStateHeaders({ ...ok, 'dolbom-seq': 'two' })).toBeUndefined();
  expect(caseStateHeaders({ ...ok, 'dolbom-run': '-1' })).toBeUndefined();
  expect(caseStateHeaders({ ...ok, ce_type: '' })).toBeUndefined();
});

test('a later run is newer whatever its history length; in one run, a longer history is', () => {
  expect(isAtLeastAsNew({ run: 2, historyLength: 3 }, { run: 1, historyLength: 3000 })).toBe(true);
  expect(isAtLeastAsNew({ run: 1, historyLength: 3000 }, { run: 2, historyLength: 3 })).toBe(false);
  expect(isAtLeastAsNew({ run: 1, historyLength: 20 }, { run: 1, historyLength: 19 })).toBe(true);
  expect(isAtLeastAsNew({ run: 1, historyLength: 20 }, { run: 1, historyLength: 20 })).toBe(true);
  expect(isAtLeastAsNew({ run: 1, historyLength: 19 }, { run: 1, historyLength: 20 })).toBe(false);
});
