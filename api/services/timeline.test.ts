import type { AuditEntry } from '../../audit/audit-store';
import { CONSENT_WRITE } from '../../audit/fixtures';
import { csvCell, stepsTaken, timelineCsv, timelineFromAudit, type CaseTimeline } from './timeline';

const CASE = { caseId: 'case-1', status: 'active', openedAt: '2025-03-01T00:00:00.000Z' };

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

describe('timelineFromAudit', () => {
  test('lists the steps (writes) in the order they happened, without reads, complete up to the last step', () => {
    const t = timelineFromAudit(CASE, { 'case-1': 2, 'case-1-ref-L1-1': 1 }, [
      entry(3, {
        target: 'case-1-ref-L1-1',
        action: 'provider.rejected',
        actorRole: 'provider',
        actorId: 'prv-1',
        at: '2025-03-02T00:00:00.000Z',
        details: { status: 'rejected', step: { declineReason: 'atCapacity' } },
      }),
      entry(1, { action: 'opened' }),
      entry(2, { access: 'read', action: 'case.viewed', sourceIp: '10.0.0.1', details: { from: '10.0.0.1', route: '/cases/:caseId' } }),
      entry(4),
    ]);
    expect(t.items.map((i) => [i.seq, i.action])).toEqual([
      [1, 'opened'],
      [3, 'provider.rejected'],
      [4, 'consentRecorded'],
    ]);
    expect(t.items[1]).toEqual({
      seq: 3,
      at: '2025-03-02T00:00:00.000Z',
      target: 'case-1-ref-L1-1',
      actorRole: 'provider',
      actorId: 'prv-1',
      action: 'provider.rejected',
      details: { declineReason: 'atCapacity', status: 'rejected' }, // the step's details, flat, with its status
    });
    expect(t).toMatchObject({ caseId: 'case-1', status: 'active', pending: [], unreadable: [], completeUpTo: '2025-03-04T00:00:00.000Z' });
  });

  test('names the steps not yet in the store, and is complete only up to the last recorded step of each such part', () => {
    const t = timelineFromAudit(CASE, { 'case-1': 3, 'case-1-ref-L1-1': 2, 'case-1-ref-L2-1': 1 }, [
      entry(1, { action: 'opened' }),
      entry(2, { target: 'case-1-ref-L1-1', action: 'requested' }),
      entry(3),
      entry(5),
    ]);
    expect(t.pending).toEqual([
      { target: 'case-1-ref-L1-1', taken: 2, recorded: 1 },
      { target: 'case-1-ref-L2-1', taken: 1, recorded: 0 },
    ]);
    expect(t.unreadable).toEqual(['case-1-ref-L1-1', 'case-1-ref-L2-1']);
    // Nothing of L2 is recorded: all that is sure is that its steps came after the case opened.
    expect(t.completeUpTo).toBe(CASE.openedAt);
    expect(timelineFromAudit(CASE, { 'case-1': 4 }, [entry(1), entry(2)]).completeUpTo).toBe('2025-03-02T00:00:00.000Z');
    expect(timelineFromAudit(CASE, { 'case-1': 0 }, []).completeUpTo).toBe(CASE.openedAt);
  });
});

test('stepsTaken counts the case’s own steps and each referral’s as last told to the case', () => {
  const step = (seq: number) => ({ seq, at: CASE.openedAt, actor: { role: 'caseworker' as const, id: 'cw-7' }, action: 'opened' });
  expect(
    stepsTaken({ caseId: 'case-1', timeline: [step(1), step(2)], referrals: { r1: { referralId: 'r1', lastSeq: 4 } as never } }),
  ).toEqual({ 'case-1': 2, r1: 4 });
  expect(stepsTaken({ caseId: 'case-1', timeline: [], referrals: {} })).toEqual({ 'case-1': 0 });
});

describe('timelineCsv', () => {
  const timeline = (over: Partial<CaseTimeline> = {}): CaseTimeline => ({
    ...timelineFromAudit(CASE, { 'case-1': 1 }, [entry(1)]),
    ...over,
  });

  test('a header row, one CRLF-terminated row per step with its details as JSON, then one per part with pending steps', () => {
    expect(timelineCsv(timeline())).toBe(
      'seq,at,target,actorRole,actorId,action,details\r\n' +
        '1,2025-03-01T00:00:00.000Z,case-1,caseworker,cw-7,consentRecorded,"{""status"":""preSurvey""}"\r\n',
    );
    const pending = timelineCsv(timeline({ pending: [{ target: 'case-1-ref-L1-1', taken: 3, recorded: 1 }] }));
    expect(pending.split('\r\n')[2]).toBe(',,case-1-ref-L1-1,,,pending,2 of 3 steps not yet in the audit store; read the timeline again');
  });

  test('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('plain')).toBe('plain');
    const csv = timelineCsv(timeline({ items: [{ ...timeline().items[0]!, action: 'x,"y"\nz' }] }));
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
    const csv = timelineCsv(timeline({ items: [{ ...timeline().items[0]!, actorId: '=cmd|/C calc!A0', target: '@x' }] }));
    expect(csv).toContain(",'=cmd|/C calc!A0,");
    expect(csv).toContain(",'@x,");
  });
});
