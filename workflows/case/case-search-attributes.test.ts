import { SA } from '../search-attributes';
import { searchAttributeChanges } from './case-search-attributes';

describe('searchAttributeChanges', () => {
  const first = [
    { key: SA.kind, value: 'case' },
    { key: SA.caseStatus, value: 'awaitingConsent' },
    { key: SA.overdue, value: false },
    { key: SA.nextDeadline, value: new Date('2026-12-10T00:00:00Z') },
  ];

  it('upserts every attribute the first time', () => {
    const { changed, upserted } = searchAttributeChanges(first, new Map());
    expect(changed.map((p) => p.key.name)).toEqual(['DolbomKind', 'CaseStatus', 'Overdue', 'NextDeadline']);
    expect(upserted.get('NextDeadline')).toBe('"2026-12-10T00:00:00.000Z"');
  });

  it('then only what changed, and nothing when nothing did', () => {
    const { upserted } = searchAttributeChanges(first, new Map());
    const again = searchAttributeChanges(first, upserted);
    expect(again.changed).toEqual([]);
    expect(again.upserted).toBe(upserted);

    const later = [
      { key: SA.kind, value: 'case' },
      { key: SA.caseStatus, value: 'consented' },
      { key: SA.overdue, value: false },
      { key: SA.nextDeadline, value: null },
    ];
    const { changed, upserted: after } = searchAttributeChanges(later, upserted);
    expect(changed).toEqual([later[1], later[3]]);
    expect(after.get('CaseStatus')).toBe('"consented"');
    expect(upserted.get('CaseStatus')).toBe('"awaitingConsent"'); // the record given is not changed
  });

  it('tells a date from the same instant written again', () => {
    const { upserted } = searchAttributeChanges(first, new Map());
    const same = first.map((p) => (p.key === SA.nextDeadline ? { key: SA.nextDeadline, value: new Date('2026-12-10T09:00:00+09:00') } : p));
    expect(searchAttributeChanges(same, upserted).changed).toEqual([]);
  });
});
