import { encodeCaseState, type CaseStateHeaders } from '../events/case-state-message';
import { testCodec } from '../test/harness/test-codec';
import { SAMPLE_INTAKE, sampleCaseState } from '../test/harness/sample-case';
import { createCaseReadModel, reflects, servable } from './case-read-model';

const base = sampleCaseState();
const OPENED = '2026-12-02T01:00:00.000Z';
const withTimeline = (n: number) => ({
  ...base,
  timeline: Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    at: base.openedAt,
    actor: SAMPLE_INTAKE.actor,
    action: 'opened' as const,
    details: {},
  })),
});

async function message(run: number, historyLength: number, seq: number, opened = OPENED): Promise<[CaseStateHeaders, Buffer]> {
  const version = { opened, run, historyLength };
  const m = await encodeCaseState({ version, changeType: 't', state: withTimeline(seq) as never }, testCodec);
  return [{ version, seq, changeType: 't', omitted: false }, m.value];
}

test('an entry serves within its TTL, and only once it holds the last write this process made', () => {
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1500, ttlMs: 500 })).toBe(true);
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1501, ttlMs: 500 })).toBe(false);
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1000, ttlMs: 500, writtenSeq: 3 })).toBe(true);
  expect(servable({ seq: 3, arrivedAt: 1000 }, { now: 1000, ttlMs: 500, writtenSeq: 4 })).toBe(false);
});

test("a held state shows a case event by its timeline entry, and a referral's by the referral's status", async () => {
  const state = async () => ({ ...base, referrals: { r1: { status: 'accepted' } } }) as never;
  expect(await reflects({ seq: 5 }, state, { seq: 5 })).toBe(true);
  expect(await reflects({ seq: 5 }, state, { seq: 6 })).toBe(false);
  expect(await reflects({ seq: 5 }, state, { referralId: 'r1', status: 'accepted' })).toBe(true);
  expect(await reflects({ seq: 5 }, state, { referralId: 'r1', status: 'declined' })).toBe(false);
  expect(await reflects({ seq: 5 }, state, {})).toBe(false); // an event it cannot read
  expect(await reflects(undefined, state, { seq: 1 })).toBe(false);
});

describe('the read model', () => {
  let clock = 0;
  const model = () => createCaseReadModel({ codec: testCodec, ttlMs: 10_000, maxCases: 2, now: () => clock });
  beforeEach(() => (clock = 1_000_000));

  it('keeps the newer of two states whatever order they come in, and decrypts it for a read', async () => {
    const m = model();
    const [h5, v5] = await message(1, 50, 5);
    const [h4, v4] = await message(1, 40, 4);
    expect(await m.put(base.caseId, h5, v5)).toBe(true);
    expect(await m.put(base.caseId, h4, v4)).toBe(false);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(5);
    const [next, vNext] = await message(2, 3, 5); // continued as new: a new run, a short history
    expect(await m.put(base.caseId, next, vNext)).toBe(true);
    // The case id opened again after closing: its first run is newer than the closed case's last.
    const [reopened, vReopened] = await message(1, 2, 1, '2027-03-01T00:00:00.000Z');
    expect(await m.put(base.caseId, reopened, vReopened)).toBe(true);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(1);
    expect(m.stats()).toMatchObject({ cases: 1, hits: 2, misses: 0 });
  });

  it('asks again after the TTL, after its own write until the state holding it comes, and after an eviction', async () => {
    const m = model();
    const [h, v] = await message(1, 50, 5);
    await m.put(base.caseId, h, v);
    m.wrote(base.caseId, 6);
    expect(await m.read(base.caseId)).toBeUndefined();
    const [h6, v6] = await message(1, 60, 6);
    await m.put(base.caseId, h6, v6);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(6);
    expect(await m.reflects(base.caseId, { seq: 6 })).toBe(true);
    // A read naming a later entry (a write through another process) is not served from here.
    expect(await m.read(base.caseId, 7)).toBeUndefined();
    clock += 10_001;
    expect(await m.read(base.caseId)).toBeUndefined();
    const [h7, v7] = await message(1, 70, 7);
    await m.put(base.caseId, h7, v7);
    m.evict(base.caseId);
    expect(await m.read(base.caseId)).toBeUndefined();
    expect(m.held(base.caseId)).toMatchObject({ seq: 7, servable: false });
    expect(await m.reflects(base.caseId, { seq: 7 })).toBe(false);
    // An older state that comes after the eviction is not taken for news; a newer one is served again.
    expect(await m.put(base.caseId, h6, v6)).toBe(false);
    expect(await m.read(base.caseId)).toBeUndefined();
    const [h8, v8] = await message(1, 80, 8);
    expect(await m.put(base.caseId, h8, v8)).toBe(true);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(8);
    expect(m.stats()).toMatchObject({ cases: 1, hits: 2, misses: 5 });
  });

  it('knows a case whose state was too large to send, and asks the workflow for it', async () => {
    const m = model();
    const [h, v] = await message(1, 50, 5);
    await m.put(base.caseId, h, v);
    const [h6] = await message(1, 60, 6);
    expect(await m.put(base.caseId, { ...h6, omitted: true }, Buffer.alloc(0))).toBe(true);
    expect(await m.read(base.caseId)).toBeUndefined();
    expect(m.held(base.caseId)).toMatchObject({ seq: 6, servable: false });
  });

  it('holds at most its number of cases, the least recently used going first', async () => {
    const m = model();
    const [h, v] = await message(1, 10, 1);
    for (const id of ['a', 'b', 'c']) await m.put(id, h, v);
    expect(m.held('a')).toBeUndefined();
    expect(m.held('c')).toMatchObject({ arrivedAt: clock, servable: true });
    expect(m.stats().cases).toBe(2);
  });
});

describe("a referral's notice", () => {
  const clock = 1_000_000;
  const model = () => createCaseReadModel({ codec: testCodec, ttlMs: 10_000, maxCases: 10, now: () => clock });
  const referral = {
    referralId: 'r1',
    lineId: 'L1',
    serviceCode: 'LTC-01',
    domain: 'longTermCare',
    status: 'requested',
    providerId: 'prv-1',
    escalated: false,
    urgent: false,
    respondBy: '2026-12-09T00:00:00.000Z',
    attempt: 1,
    lastSeq: 2,
  } as const;
  const notice = (seq: number, status: string, more: object = {}) =>
    ({ referralId: 'r1', lineId: 'L1', status, providerId: 'prv-1', escalated: false, attempt: 1, at: OPENED, seq, ...more }) as never;
  async function held(state: object = {}) {
    const m = model();
    const version = { opened: OPENED, run: 1, historyLength: 40 };
    const full = { ...withTimeline(4), referrals: { r1: referral }, ...state };
    const msg = await encodeCaseState({ version, changeType: 't', state: full as never }, testCodec);
    await m.put(base.caseId, { version, seq: 4, changeType: 't', omitted: false }, msg.value);
    return m;
  }

  it("is applied to the held state as the case would: the provider's answer reads at once", async () => {
    const m = await held();
    expect(await m.applyNotice(base.caseId, notice(3, 'accepted'))).toBe(true);
    const read = await m.read(base.caseId);
    expect(read?.referrals.r1).toMatchObject({ status: 'accepted', lastSeq: 3 });
    expect(read?.referrals.r1?.respondBy).toBeUndefined(); // no decision awaited any more
    // The case's own timeline is untouched, and the case's next state (even at the same point in history) replaces it.
    expect(read?.timeline).toHaveLength(4);
    expect(m.held(base.caseId)).toMatchObject({ seq: 4, arrivedAt: clock, servable: true });
    expect(m.stats().notices).toBe(1);
  });

  it("makes the case's own state that applied the same notice no news to a listener; anything more is", async () => {
    const m = await held();
    expect(await m.applyNotice(base.caseId, notice(3, 'accepted'))).toBe(true);
    const version = { opened: OPENED, run: 1, historyLength: 44 };
    const r1 = { ...referral, status: 'accepted', lastSeq: 3, attempt: 1 } as Record<string, unknown>;
    delete r1.respondBy;
    const same = { ...withTimeline(4), referrals: { r1 } };
    const sent = await encodeCaseState({ version, changeType: 't', state: same as never }, testCodec);
    expect(await m.put(base.caseId, { version, seq: 4, changeType: 't', omitted: false }, sent.value)).toBe(false);
    expect(m.held(base.caseId)).toMatchObject({ servable: true }); // kept all the same: it is the case's own
    const more = { ...same, referrals: { r1: { ...r1, providerId: 'prv-2' } } };
    const m2 = await held();
    await m2.applyNotice(base.caseId, notice(3, 'accepted'));
    const sentMore = await encodeCaseState({ version, changeType: 't', state: more as never }, testCodec);
    expect(await m2.put(base.caseId, { version, seq: 4, changeType: 't', omitted: false }, sentMore.value)).toBe(true);
  });

  it('is carried onto a newer state that does not show it yet, and falls away once one does', async () => {
    // The case hands over no state for a notice the model applies alone (domain/case/referral-notices.ts), so a state
    // it made before hearing of the notice, sent after it, must not take the answer away.
    const m = await held();
    expect(await m.applyNotice(base.caseId, notice(3, 'accepted'))).toBe(true);
    const put = async (historyLength: number, r1: object, timeline = 5) => {
      const version = { opened: OPENED, run: 1, historyLength };
      const state = { ...withTimeline(timeline), referrals: { r1: { ...referral, ...r1 } } };
      const sent = await encodeCaseState({ version, changeType: 't', state: state as never }, testCodec);
      return m.put(base.caseId, { version, seq: timeline, changeType: 't', omitted: false }, sent.value);
    };
    expect(await put(44, {})).toBe(true); // a step of the case's own: news, and the answer stays
    expect((await m.read(base.caseId))?.referrals.r1).toMatchObject({ status: 'accepted', lastSeq: 3 });
    expect((await m.read(base.caseId))?.timeline).toHaveLength(5);
    // A later state shows a later answer: the old notice falls away and does not undo it.
    expect(await put(50, { status: 'inProgress', lastSeq: 4 }, 6)).toBe(true);
    expect((await m.read(base.caseId))?.referrals.r1).toMatchObject({ status: 'inProgress', lastSeq: 4 });
  });

  it('changes nothing when it is old news, or names a referral the case does not hold', async () => {
    const m = await held();
    expect(await m.applyNotice(base.caseId, notice(2, 'accepted'))).toBe(false);
    expect(await m.applyNotice(base.caseId, { ...(notice(3, 'accepted') as object), referralId: 'r9' } as never)).toBe(false);
    expect((await m.read(base.caseId))?.referrals.r1?.status).toBe('requested');
    expect(await model().applyNotice(base.caseId, notice(3, 'accepted'))).toBe(false); // no state held
  });

  it('is left to the case when it opens or resolves an escalation, or when the case is closed', async () => {
    const m = await held();
    expect(await m.applyNotice(base.caseId, notice(3, 'requested', { escalated: true }))).toBe(false);
    const escalated = await held({
      referrals: { r1: { ...referral, escalated: true } },
      escalations: [{ id: 'esc-1', kind: 'referralExhausted', referralId: 'r1', openedAt: OPENED }],
    });
    expect(await escalated.applyNotice(base.caseId, notice(3, 'requested', { attempt: 2 }))).toBe(false);
    const closed = await held({ status: 'closed' });
    expect(await closed.applyNotice(base.caseId, notice(3, 'cancelled'))).toBe(false);
    expect((await closed.read(base.caseId))?.referrals.r1?.status).toBe('requested');
  });

  it('yields to a state that came while it was applied', async () => {
    const m = await held();
    const applying = m.applyNotice(base.caseId, notice(3, 'accepted'));
    const [newer, v] = await message(1, 60, 6);
    expect(await m.put(base.caseId, newer, v)).toBe(true);
    expect(await applying).toBe(false);
    expect((await m.read(base.caseId))?.timeline).toHaveLength(6);
  });
});
