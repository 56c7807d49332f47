/** The burst's bad messages are refused for the reason each is meant to show; its redeliveries are valid. */
import { DEAD_LETTER_REASON_INFO } from '../events/schemas/dead-letter';
import { parseProviderResponse } from '../events/schemas/provider-responses';
import { badMessages, redeliveries } from './bad-messages';

const target = {
  referralId: 'case-abc-ref-L1-mfx1',
  attempt: 1,
  providerId: 'prv-11110-dc-01',
  answer: 'accepted' as const,
  requestEventId: 'evt-1',
};
const parse = (m: { key: string; value: string; headers?: Record<string, string> }) =>
  parseProviderResponse(m.value, { key: Buffer.from(m.key), headers: m.headers ?? {} });

describe('fault-run bad messages', () => {
  const bad = badMessages(target, 2);

  it('are all distinct, so the dead-letter topic can be matched byte for byte', () => {
    expect(new Set(bad.map((m) => m.value)).size).toBe(bad.length);
    expect(bad).toHaveLength(16);
  });

  it('are refused by the parser for their own reason, or pass it and are left to the bridge', () => {
    for (const m of bad) {
      const parsed = parse(m);
      if (DEAD_LETTER_REASON_INFO[m.reason].stage === 'parse') expect(parsed.ok ? 'accepted' : parsed.reason).toBe(m.reason);
      else expect(parsed.ok).toBe(true); // wrong-provider, unknown-referral: refused against the referral's state
    }
  });

  it('redeliveries are valid answers with the original event id', () => {
    const [again] = redeliveries([target]);
    const parsed = parse(again!);
    expect(parsed.ok && parsed.report.eventId).toBe('resp-evt-1-accepted');
  });
});
