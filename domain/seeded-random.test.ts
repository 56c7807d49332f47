import { seededRandom } from './seeded-random';

test('the same seed gives the same sequence, another seed a different one', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const seqA = Array.from({ length: 5 }, () => a.next());
  expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
  expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
});

test('int stays within its inclusive bounds and reaches both ends', () => {
  const r = seededRandom(7);
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) {
    const v = r.int(1, 3);
    expect(v).toBeGreaterThanOrEqual(1);
    expect(v).toBeLessThanOrEqual(3);
    seen.add(v);
  }
  expect([...seen].sort()).toEqual([1, 2, 3]);
});

test('pick refuses an empty list', () => {
  expect(() => seededRandom(1).pick([])).toThrow(/empty/);
});
