import { entryHash, GENESIS_HASH, hashedFields, type AuditEntryInput } from './chain';
import { CONSENT_WRITE } from './fixtures';

const entry: AuditEntryInput = { eventId: '5b1c7a52-0f3e-5d0b-9a43-1f2e3d4c5b6a', ...CONSENT_WRITE };

describe('entryHash', () => {
  test('is stable: this exact value is what every stored chain was built with', () => {
    // sha256 of 64 zeros, '\n', then (keys sorted, time in UTC):
    // {"access":"write","action":"consentRecorded","actorId":"cw-7","actorRole":"caseworker","at":"2025-03-01T00:00:00.000Z",
    //  "caseId":"case-1","details":{"status":"preSurvey"},"eventId":"5b1c7a52-...","sourceIp":null,"target":"case-1"}
    expect(entryHash(GENESIS_HASH, entry)).toBe('f5554ab052546a69655dc37029d3b53ed1c70dedff44350979089876b9048620');
  });

  test('does not depend on key order, the time zone the time was written in, or a missing source IP', () => {
    const same: AuditEntryInput = {
      details: { status: 'preSurvey' },
      at: '2025-03-01T00:00:00.000Z',
      sourceIp: null,
      actorId: 'cw-7',
      actorRole: 'caseworker',
      access: 'write',
      action: 'consentRecorded',
      target: 'case-1',
      caseId: 'case-1',
      eventId: entry.eventId,
    };
    expect(entryHash(GENESIS_HASH, same)).toBe(entryHash(GENESIS_HASH, entry));
    expect(entryHash(GENESIS_HASH, { ...entry, at: new Date('2025-03-01T00:00:00Z') })).toBe(entryHash(GENESIS_HASH, entry));
  });

  test('changes with any field and with the previous hash', () => {
    const base = entryHash(GENESIS_HASH, entry);
    expect(entryHash('f'.repeat(64), entry)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, actorId: 'cw-8' })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, access: 'read' })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, sourceIp: '10.0.0.1' })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, details: { status: 'closed' } })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, at: '2025-03-01T00:00:00.001Z' })).not.toBe(base);
  });

  test('covers exactly the recorded fields, in their normalised form', () => {
    expect(hashedFields(entry)).toEqual({ ...entry, at: '2025-03-01T00:00:00.000Z', sourceIp: null });
  });
});
