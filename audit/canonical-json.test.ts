import { canonicalJson, isoUtc } from './canonical-json';

describe('canonicalJson', () => {
  test('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  test('the same value written in any key order gives the same text', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(canonicalJson({ y: { q: null, p: true }, x: 1 }));
  });

  test('leaves out undefined members, writes Dates as ISO UTC, escapes strings as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: new Date('2025-03-01T09:00:00+09:00'), c: 'quote " and \n 돌봄' })).toBe(
      '{"b":"2025-03-01T00:00:00.000Z","c":"quote \\" and \\n 돌봄"}',
    );
    expect(canonicalJson([undefined, 1.5, -0])).toBe('[null,1.5,0]');
  });

  test('refuses what JSON cannot say', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/Infinity/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('isoUtc', () => {
  test('normalises any offset to UTC with milliseconds', () => {
    expect(isoUtc('2025-03-01T09:00:00+09:00')).toBe('2025-03-01T00:00:00.000Z');
    expect(isoUtc('2025-03-01T00:00:00.123456Z')).toBe('2025-03-01T00:00:00.123Z');
    expect(isoUtc(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  test('refuses text without an offset (it would depend on the local time zone) and non-dates', () => {
    expect(() => isoUtc('2025-03-01T09:00:00')).toThrow(/offset/);
    expect(() => isoUtc('2025-03-01')).toThrow(/offset/);
    expect(() => isoUtc('2025-13-01T09:00:00Z')).toThrow(/not a timestamp/);
  });
});
