/** The hand-written examples of docs/events.md are messages Dolbom accepts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProviderResponse } from '../schemas/provider-responses';
import { ROOT } from './generate';

const guide = readFileSync(join(ROOT, 'docs/events.md'), 'utf8');

function blockAfter(marker: string): string {
  const at = guide.indexOf(`<!-- example: ${marker} -->`);
  expect(at).toBeGreaterThan(0);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(guide.slice(at));
  return m![1]!;
}

test('the response example is accepted, with the key and headers of the kcat line', () => {
  const value = blockAfter('accepted-response');
  const kcat = blockAfter('kcat').replace(/\\\n\s*/g, ' ');
  expect(kcat).toContain('kcat -F provider.properties -P -t dolbom.provider.prv-11110-lt-01.responses');
  // Shell words: plain, or in single quotes.
  const words = [...kcat.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  const key = words[words.indexOf('-k') + 1]!;
  const headers = Object.fromEntries(
    words.flatMap((w, i) => (words[i - 1] === '-H' ? [[w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]] : [])),
  );
  expect(Object.keys(headers).sort()).toEqual(['ce_id', 'ce_subject', 'ce_type', 'content-type']);
  const result = parseProviderResponse(value, { key, headers });
  expect(result).toMatchObject({ ok: true, report: { report: 'accepted', providerId: 'prv-11110-lt-01' } });
});

test('the guide names every dead-letter reason and the reason header', () => {
  expect(guide).toContain('dolbom-dlq-reason');
  for (const r of [
    'invalid-json',
    'schema-violation',
    'unknown-type',
    'actor-mismatch',
    'provider-mismatch',
    'oversized',
    'unknown-referral',
    'wrong-provider',
    'referral-closed',
    'not-allowed',
  ]) {
    expect(guide).toContain(`\`${r}\``);
  }
});
