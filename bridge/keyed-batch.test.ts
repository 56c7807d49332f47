import { createLimiter, processKeyedBatch } from './keyed-batch';

const msgs = (keys: (string | null)[]) => keys.map((key, i) => ({ offset: String(100 + i), key }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keyed batch', () => {
  it('runs different keys concurrently, one key in order, within the limit', async () => {
    const limiter = createLimiter(3);
    const order: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const resolved: string[] = [];
    await processKeyedBatch({
      messages: msgs(['a', 'b', 'a', 'c', 'd', 'a', 'b']),
      limiter,
      shouldContinue: () => true,
      resolve: (o) => resolved.push(o),
      handle: async (m) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await sleep(m.key === 'a' ? 5 : 1);
        order.push(`${String(m.key)}${m.offset}`);
        inFlight -= 1;
      },
    });
    expect(peak).toBe(3);
    expect(order.filter((x) => x.startsWith('a'))).toEqual(['a100', 'a102', 'a105']);
    expect(order.filter((x) => x.startsWith('b'))).toEqual(['b101', 'b106']);
    expect(resolved.at(-1)).toBe('106');
    expect(resolved.map(Number)).toEqual([...resolved.map(Number)].sort((x, y) => x - y));
    expect(limiter.active).toBe(0);
  });

  it('resolves only the handled prefix when a message fails, and rethrows', async () => {
    const resolved: string[] = [];
    const handled: string[] = [];
    const run = processKeyedBatch({
      messages: msgs(['a', 'b', 'c', 'b', 'd']),
      limiter: createLimiter(8),
      shouldContinue: () => true,
      resolve: (o) => resolved.push(o),
      handle: async (m) => {
        await sleep(m.key === 'b' ? 2 : 10);
        if (m.key === 'b') throw new Error('boom');
        handled.push(m.offset);
      },
    });
    await expect(run).rejects.toThrow('boom');
    // 100 (a) was handled; 101 (b) failed, so nothing after it is resolved, and b's second message never ran.
    expect(resolved).toEqual(['100']);
    expect(handled).not.toContain('103');
  });

  it('starts nothing more once the consumer stops', async () => {
    let running = true;
    const handled: string[] = [];
    const resolved: string[] = [];
    await processKeyedBatch({
      messages: msgs(['a', 'a', 'a', null, null]),
      limiter: createLimiter(1),
      shouldContinue: () => running,
      resolve: (o) => resolved.push(o),
      handle: async (m) => {
        handled.push(m.offset);
        running = false;
      },
    });
    expect(handled).toEqual(['100']);
    expect(resolved).toEqual(['100']);
  });
});
