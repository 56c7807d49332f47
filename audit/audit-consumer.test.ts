import { parseAuditMessage } from './audit-consumer';
import { CONSENT_WRITE } from './fixtures';

const envelope = (data: Record<string, unknown>, attrs: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      specversion: '1.0',
      id: '6f1c7a52-0f3e-5d0b-9a43-1f2e3d4c5b6a',
      source: 'urn:dolbom:seoul',
      type: 'kr.dolbom.audit.recorded.v1',
      subject: 'case-1',
      time: '2025-03-01T09:00:00+09:00',
      datacontenttype: 'application/json',
      dataschema: 'urn:dolbom:schema:audit.recorded.v1',
      actorrole: 'caseworker',
      actorid: 'cw-7',
      data,
      ...attrs,
    }),
  );

const write = CONSENT_WRITE;

describe('parseAuditMessage', () => {
  test('a write becomes an entry keyed by the envelope id', () => {
    expect(parseAuditMessage(envelope(write))).toEqual({
      ok: true,
      entry: { eventId: '6f1c7a52-0f3e-5d0b-9a43-1f2e3d4c5b6a', ...write, sourceIp: null },
    });
  });

  test("a read through the API carries the client's address in details.from", () => {
    const read = { ...write, access: 'read', action: 'case.viewed', details: { from: '10.1.2.3' } };
    expect(parseAuditMessage(envelope(read))).toMatchObject({
      ok: true,
      entry: { access: 'read', sourceIp: '10.1.2.3', details: { from: '10.1.2.3' } },
    });
  });

  test('an action or role the schema does not know yet is still recorded', () => {
    expect(parseAuditMessage(envelope({ ...write, action: 'export.csv', actorRole: 'auditor' }))).toMatchObject({ ok: true });
  });

  test('says why a record is not a storable audit event', () => {
    expect(parseAuditMessage(null)).toEqual({ ok: false, problem: 'empty record (no value)' });
    expect(parseAuditMessage(Buffer.from('{nope'))).toEqual({ ok: false, problem: 'not JSON' });
    expect(parseAuditMessage(envelope(write, { type: 'kr.dolbom.case.opened.v1' }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^type:/),
    });
    const { actorId: _, ...noActor } = write;
    expect(parseAuditMessage(envelope(noActor))).toMatchObject({ ok: false, problem: expect.stringMatching(/data\.actorId/) });
    expect(parseAuditMessage(envelope({ ...write, access: 'delete' }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/data\.access/),
    });
    expect(parseAuditMessage(envelope({ ...write, at: '2025-03-01 09:00' }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/data\.at/),
    });
    expect(parseAuditMessage(envelope({ ...write, details: { note: 'a\u0000b' } }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/NUL/),
    });
  });
});
