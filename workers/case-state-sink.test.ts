import type { Producer, ProducerRecord } from 'kafkajs';
import pino from 'pino';
import {
  caseStateHeaders,
  decodeCaseState,
  decodeReferralNotice,
  isReferralNotice,
  type CaseStateSnapshot,
} from '../events/case-state-message';
import { testCodec } from '../test/harness/test-codec';
import { sampleCaseState } from '../test/harness/sample-case';
import { createCaseStatePublisher, SEND_CHUNK } from './case-state-sink';

const OPENED = '2026-12-02T01:00:00.000Z';
const snapshot = (caseId: string, historyLength: number): CaseStateSnapshot => ({
  version: { opened: '2026-12-02T01:00:00.000Z', run: 1, historyLength },
  changeType: 't',
  state: sampleCaseState(caseId),
});

/** A producer that records sends and fails the first `failures` of them. */
function producer(failures = 0) {
  const sent: ProducerRecord[] = [];
  let calls = 0;
  const p = {
    send: async (r: ProducerRecord) => {
      calls += 1;
      if (calls <= failures) throw new Error('broker down');
      sent.push(r);
      return [];
    },
  } as unknown as Producer;
  return { p, sent, calls: () => calls };
}

const info = {} as never;

test('the states of one round of workflow tasks go in one send, the latest of each case only', async () => {
  const k = producer();
  const pub = createCaseStatePublisher({ producer: k.p, topic: 'case.state', codec: testCodec, logger: pino({ level: 'silent' }) });
  const changed = (s: CaseStateSnapshot) => void pub.sinks.caseState.changed.fn(info, s);
  changed(snapshot('case-a', 10));
  changed(snapshot('case-a', 12));
  changed(snapshot('case-a', 11)); // older than what waits: dropped
  changed(snapshot('case-b', 7));
  await pub.flush();
  expect(k.sent).toHaveLength(1);
  const messages = k.sent[0]!.messages;
  expect(messages.map((m) => [m.key, caseStateHeaders(m.headers as never)?.version.historyLength])).toEqual([
    ['case-a', 12],
    ['case-b', 7],
  ]);
  expect((await decodeCaseState(messages[0]!.value as Buffer, testCodec)).caseId).toBe('case-a');
  await pub.stop();
});

test('many states go in requests of a bounded size, and stop sends what waits', async () => {
  const k = producer();
  const pub = createCaseStatePublisher({ producer: k.p, topic: 'case.state', codec: testCodec, logger: pino({ level: 'silent' }) });
  for (let i = 0; i < 120; i++) void pub.sinks.caseState.changed.fn(info, snapshot(`case-${i}`, 10));
  await pub.stop();
  expect(k.sent.map((r) => r.messages.length)).toEqual([SEND_CHUNK, SEND_CHUNK, 120 - 2 * SEND_CHUNK]);
});

test('a failed send is retried with the latest state, and nothing waits once it went', async () => {
  const k = producer(1);
  const pub = createCaseStatePublisher({
    producer: k.p,
    topic: 'case.state',
    codec: testCodec,
    logger: pino({ level: 'silent' }),
    retryMs: { first: 20, max: 40 },
  });
  void pub.sinks.caseState.changed.fn(info, snapshot('case-a', 10));
  await pub.flush(); // the first send fails
  void pub.sinks.caseState.changed.fn(info, snapshot('case-a', 14));
  for (let i = 0; i < 100 && k.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20)); // the retry's timer
  await pub.flush();
  expect(k.calls()).toBe(2);
  expect(k.sent.flatMap((r) => r.messages.map((m) => caseStateHeaders(m.headers as never)?.version.historyLength))).toEqual([14]);
  await pub.stop();
});

test("a referral's notices go after the states in the same send, the latest of each referral only, keyed by the case", async () => {
  const k = producer();
  const pub = createCaseStatePublisher({ producer: k.p, topic: 'case.state', codec: testCodec, logger: pino({ level: 'silent' }) });
  const notice = (seq: number, status: string) => ({ referralId: 'r1', lineId: 'L1', status, escalated: false, at: OPENED, seq }) as never;
  void pub.sinks.referralNotice.sent.fn(info, 'case-a', notice(3, 'received'));
  void pub.sinks.referralNotice.sent.fn(info, 'case-a', notice(4, 'accepted'));
  void pub.sinks.referralNotice.sent.fn(info, 'case-a', notice(2, 'requested')); // older: dropped
  void pub.sinks.caseState.changed.fn(info, snapshot('case-a', 10));
  await pub.flush();
  const messages = k.sent.flatMap((r) => r.messages);
  expect(messages.map((m) => [m.key, isReferralNotice(m.headers as never)])).toEqual([
    ['case-a', false],
    ['case-a', true],
  ]);
  expect(await decodeReferralNotice(messages[1]!.value as Buffer, testCodec)).toMatchObject({ seq: 4, status: 'accepted' });
  await pub.stop();
});

test("an activity takes a case's state and notices within the linger, so they do not go alone; the other cases' do", async () => {
  const k = producer();
  const pub = createCaseStatePublisher({
    producer: k.p,
    topic: 'case.state',
    codec: testCodec,
    logger: pino({ level: 'silent' }),
    lingerMs: 50,
  });
  const notice = { referralId: 'r1', lineId: 'L1', status: 'accepted', escalated: false, at: OPENED, seq: 4 } as never;
  void pub.sinks.caseState.changed.fn(info, snapshot('case-a', 10));
  void pub.sinks.referralNotice.sent.fn(info, 'case-a', notice);
  void pub.sinks.caseState.changed.fn(info, snapshot('case-b', 7));
  const taken = await pub.take('case-a');
  expect(taken?.topic).toBe('case.state');
  expect(taken?.messages.map((m) => [m.key, isReferralNotice(m.headers as never)])).toEqual([
    ['case-a', false],
    ['case-a', true],
  ]);
  expect(await pub.take('case-a')).toBeUndefined(); // taken once
  expect(k.sent).toHaveLength(0); // still lingering
  await pub.flush();
  expect(k.sent.flatMap((r) => r.messages.map((m) => m.key))).toEqual(['case-b']);
  expect(pub.stats).toEqual({ taken: 2, alone: 1 });
  await pub.stop();
});

test('what was taken and not sent is queued again, unless a newer state of the case came meanwhile', async () => {
  const k = producer();
  const pub = createCaseStatePublisher({ producer: k.p, topic: 'case.state', codec: testCodec, logger: pino({ level: 'silent' }) });
  void pub.sinks.caseState.changed.fn(info, snapshot('case-a', 10));
  void pub.sinks.caseState.changed.fn(info, snapshot('case-b', 5));
  const a = await pub.take('case-a');
  const b = await pub.take('case-b');
  void pub.sinks.caseState.changed.fn(info, snapshot('case-a', 12)); // newer than the taken one
  a!.restore();
  b!.restore();
  await pub.flush();
  expect(k.sent.flatMap((r) => r.messages.map((m) => [m.key, caseStateHeaders(m.headers as never)?.version.historyLength]))).toEqual([
    ['case-a', 12],
    ['case-b', 5],
  ]);
  await pub.stop();
});
