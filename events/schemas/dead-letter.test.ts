import {
  ERR_ACTION_NOT_ALLOWED,
  ERR_INVALID_INPUT,
  ERR_REFERRAL_CLOSED,
  ERR_REPORT_LIMIT,
  ERR_WRONG_PROVIDER,
} from '../../domain/failures';
import {
  DEAD_LETTER_REASON_INFO,
  DEAD_LETTER_REASONS,
  DeadLetterHeaders,
  deadLetterHeaders,
  deadLetterReasonForFailure,
  DLQ_HEADERS,
  MAX_DETAIL_CHARS,
} from './dead-letter';

test('the reasons include every refusal the bridge and parser make (docs/events.md), each documented', () => {
  for (const r of [
    'invalid-json',
    'schema-violation',
    'unknown-type',
    'actor-mismatch',
    'oversized',
    'unknown-referral',
    'wrong-provider',
    'referral-closed',
    'not-allowed',
    'report-limit',
  ]) {
    expect(DEAD_LETTER_REASONS).toContain(r);
  }
  for (const r of DEAD_LETTER_REASONS) expect(DEAD_LETTER_REASON_INFO[r].description.length).toBeGreaterThan(10);
  expect(DLQ_HEADERS.reason).toBe('dolbom-dlq-reason');
});

test('dead-letter headers keep the original headers and add reason and origin', () => {
  const h = deadLetterHeaders(
    'wrong-provider',
    'referral x is not assigned to provider y',
    {
      topic: 'dolbom.provider.responses',
      partition: 3,
      offset: '42',
      key: 'case-1-ref-L1-1',
      headers: { ce_id: 'abc', ce_type: 'kr.dolbom.provider.accepted.v1', 'dolbom-dlq-reason': 'forged' },
    },
    new Date('2026-04-02T01:00:00Z'),
  );
  expect(h).toEqual({
    ce_id: 'abc',
    ce_type: 'kr.dolbom.provider.accepted.v1',
    'dolbom-dlq-reason': 'wrong-provider',
    'dolbom-dlq-detail': 'referral x is not assigned to provider y',
    'dolbom-dlq-topic': 'dolbom.provider.responses',
    'dolbom-dlq-partition': '3',
    'dolbom-dlq-offset': '42',
    'dolbom-dlq-key': 'case-1-ref-L1-1',
    'dolbom-dlq-at': '2026-04-02T01:00:00.000Z',
  });
  expect(DeadLetterHeaders.safeParse(h).success).toBe(true);
  const long = deadLetterHeaders('schema-violation', 'x'.repeat(5000), { topic: 't', partition: 0, offset: '0' }, '2026-04-02T01:00:00Z');
  expect(long['dolbom-dlq-detail']!.length).toBe(MAX_DETAIL_CHARS);
  expect(long['dolbom-dlq-key']).toBeUndefined();
});

test('workflow refusals map to reasons; anything else is not dead-lettered', () => {
  expect(deadLetterReasonForFailure(ERR_WRONG_PROVIDER)).toBe('wrong-provider');
  expect(deadLetterReasonForFailure(ERR_REFERRAL_CLOSED)).toBe('referral-closed');
  expect(deadLetterReasonForFailure(ERR_ACTION_NOT_ALLOWED)).toBe('not-allowed');
  expect(deadLetterReasonForFailure(ERR_INVALID_INPUT)).toBe('schema-violation');
  expect(deadLetterReasonForFailure(ERR_REPORT_LIMIT)).toBe('report-limit');
  expect(deadLetterReasonForFailure('SomethingTransient')).toBeUndefined();
  expect(deadLetterReasonForFailure(undefined)).toBeUndefined();
});
