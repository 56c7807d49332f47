import type { AuditEntry } from './audit-store';
import { CONSENT_WRITE } from './fixtures';
import { caseTimeline, csvCell, timelineCsv, type TimelineItem } from './timeline';

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    ...CONSENT_WRITE,
    seq,
    eventId: `evt-${seq}`,
    at: `2025-03-0${seq}T00:00:00.000Z`,
    sourceIp: null,
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    recordedAt: '2025-03-09T00:00:00.000Z',
    ...overrides,
  };
}

describe('caseTimeline', () => {
  test('orders by seq and keeps only what a reviewer needs', () => {
    const items = caseTimeline([entry(3), entry(1, { access: 'read', sourceIp: '10.0.0.1', details: { from: '10.0.0.1' } }), entry(2)]);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(items[0]).toEqual({
      seq: 1,
      at: '2025-03-01T00:00:00.000Z',
      actorRole: 'caseworker',
      actorId: 'cw-7',
      action: 'consentRecorded',
      access: 'read',
      target: 'case-1',
      details: { from: '10.0.0.1' },
    });
  });
});

describe('timelineCsv', () => {
  const item = (overrides: Partial<TimelineItem>): TimelineItem => ({ ...caseTimeline([entry(1)])[0]!, ...overrides });

  test('a header row, then one CRLF-terminated row per item, details as canonical JSON', () => {
    expect(timelineCsv([item({ details: { b: 1, a: 'x' } })])).toBe(
      'seq,at,actorRole,actorId,action,access,target,details\r\n' +
        '1,2025-03-01T00:00:00.000Z,caseworker,cw-7,consentRecorded,write,case-1,"{""a"":""x"",""b"":1}"\r\n',
    );
    expect(timelineCsv([])).toBe('seq,at,actorRole,actorId,action,access,target,details\r\n');
  });

  test('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('plain')).toBe('plain');
    const csv = timelineCsv([item({ action: 'x,"y"\nz' })]);
    expect(csv.split('\r\n')[1]).toContain(',"x,""y""\nz",');
  });

  test('cells that would start a spreadsheet formula are made text', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-1)).toBe('-1');
    const csv = timelineCsv([item({ actorId: '=cmd|/C calc!A0', target: '@x' })]);
    expect(csv).toContain(",'=cmd|/C calc!A0,");
    expect(csv).toContain(",'@x,");
  });
});
