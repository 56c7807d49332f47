import { openedCaseState } from '../domain/case/case-state';
import { DEFAULT_POLICY } from '../domain/policy-defaults';
import { encodeCaseState, type CaseStateHeaders } from '../events/case-state-message';
import { testCodec } from '../test/harness/test-codec';
import { createCaseReadModel, servable } from './case-read-model';

const intake = {
  recipientPseudoId: 'p-0123456789abcdef0123',
  dongCode: '11110510',
  districtCode: '11110',
  application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor: { role: 'caseworker', id: 'cw-kim' },
} as const;
const base = openedCaseState('case-p-0123456789abcdef0123', intake as never, DEFAULT_POLICY, '2026-12-02T01:00:00.000Z');
const withTimeline = (n: number) => ({
  ...base,
  timeline: Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    at: base.openedAt,
    actor: intake.actor,
    action: 'opened' as const,
    details: {},
  })),
});

async function message(run: number, historyLength: number, seq: number): Promise<[CaseStateHeaders, Buffer]> {
  const m = await encodeCaseState({ version: { run, historyLength }, changeType: 't', state: withTimeline(seq) as never }, testCodec);
  return [{ version: { run, historyLength }, seq, changeType: 't' }, m.value];
}

test('an entry serves within its TTL, and only once it holds the last write this process made', () => {
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1500, ttlMs: 500 })).toBe(true);
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1501, ttlMs: 500 })).toBe(false);
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1000, ttlMs: 500, writtenSeq: 3 })).toBe(true);
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1000, ttlMs: 500, writtenSeq: 4 })).toBe(false);
});

describe('the read model', () => {
  let clock = 0;
  const model = () => createCaseReadModel({ codec: testCodec, ttlMs: 10_000, maxCases: 2, now: () => clock });
  beforeEach(() => (clock = 1_000_000));

  it('keeps the newer of two states whatever order they come in, and decrypts it for a read', async () => {
    const m = model();
    const [h5, v5] = await message(1, 50, 5);
    const [h4, v4] = await message(1, 40, 4);
    expect(m.put(base.caseId, h5, v5)).toBe(true);
    expect(m.put(base.caseId, h4, v4)).toBe(false);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(5);
    const [next, vNext] = await message(2, 3, 5); // continued as new: a new run, a short history
    expect(m.put(base.caseId, next, vNext)).toBe(true);
    expect(m.stats()).toMatchObject({ cases: 1, hits: 1, misses: 0 });
  });

  it('asks again after the TTL, after its own write until the state holding it comes, and after an eviction', async () => {
    const m = model();
    const [h, v] = await message(1, 50, 5);
    m.put(base.caseId, h, v);
    m.wrote(base.caseId, 6);
    expect(await m.read(base.caseId)).toBeUndefined();
    const [h6, v6] = await message(1, 60, 6);
    m.put(base.caseId, h6, v6);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(6);
    // A read naming a later entry (a write through another process) is not served from here.
    expect(await m.read(base.caseId, 7)).toBeUndefined();
    clock += 10_001;
    expect(await m.read(base.caseId)).toBeUndefined();
    const [h7, v7] = await message(1, 70, 7);
    m.put(base.caseId, h7, v7);
    m.evict(base.caseId);
    expect(await m.read(base.caseId)).toBeUndefined();
    expect(m.stats()).toMatchObject({ cases: 0, hits: 1, misses: 4 });
  });

  it('holds at most its number of cases, the least recently used going first', async () => {
    const m = model();
    const [h, v] = await message(1, 10, 1);
    for (const id of ['a', 'b', 'c']) m.put(id, h, v);
    expect(m.arrivedAt('a')).toBeUndefined();
    expect(m.arrivedAt('c')).toBe(clock);
    expect(m.stats().cases).toBe(2);
  });
});
