import { createCaseRowCache } from './case-row-cache';

const facts = {
  districtCode: '11110',
  dongCode: '11110510',
  name: '김순자',
  birthDate: '1941-05-02',
  monitoringOverdue: false,
  urgent: false,
  escalationOpen: false,
  lastActivity: '2026-12-01T00:00:00Z',
};

describe('case row cache', () => {
  it('forgets a case when its events say it changed, and again after it settles', async () => {
    const cache = createCaseRowCache({ settleMs: 20 });
    cache.set('case-a', facts);
    cache.invalidate('case-a');
    expect(cache.get('case-a')).toBeUndefined();
    cache.set('case-a', facts); // refilled from a state read just before the case recorded the change
    await new Promise((r) => setTimeout(r, 40));
    expect(cache.get('case-a')).toBeUndefined();
  });
  it('keeps a bounded number of rows for a bounded time', async () => {
    const cache = createCaseRowCache({ maxEntries: 2, ttlMs: 30 });
    cache.set('a', facts);
    cache.set('b', facts);
    cache.set('c', facts);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toEqual(facts);
    await new Promise((r) => setTimeout(r, 50));
    expect(cache.get('c')).toBeUndefined();
  });
});
