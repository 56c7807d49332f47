import { createAuditSealer } from './audit-seal';

const keyring = (kid: string, fill: number) => ({ activeKeyId: kid, keys: new Map([[kid, Buffer.alloc(32, fill)]]) });

describe('audit seal', () => {
  const sealer = createAuditSealer(keyring('k1', 1));
  const value = '{"id":"x","data":{"caseId":"c-1"}}';

  test('a sealed value checks; an altered value, a missing or foreign seal do not', () => {
    const seal = sealer.seal(value);
    expect(sealer.check(value, seal)).toEqual({ ok: true });
    expect(sealer.check(value.replace('c-1', 'c-2'), seal)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/forged or altered/),
    });
    expect(sealer.check(value, undefined)).toMatchObject({ ok: false, problem: expect.stringMatching(/no dolbom-audit-seal/) });
    expect(sealer.check(value, createAuditSealer(keyring('k2', 2)).seal(value))).toMatchObject({ ok: false });
    expect(sealer.check(value, createAuditSealer(keyring('k1', 9)).seal(value))).toMatchObject({ ok: false });
  });

  test('event ids are stable for a key but depend on the keyring, so they cannot be derived from public events', () => {
    expect(sealer.eventId('case-1/2026/1/audit')).toBe(sealer.eventId('case-1/2026/1/audit'));
    expect(sealer.eventId('case-1/2026/1/audit')).not.toBe(sealer.eventId('case-1/2026/2/audit'));
    expect(sealer.eventId('case-1/2026/1/audit')).not.toBe(createAuditSealer(keyring('k1', 9)).eventId('case-1/2026/1/audit'));
    expect(sealer.eventId('k')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('a rotated keyring still checks records sealed with the old key, and keeps the same ids', () => {
    const rotated = createAuditSealer({
      activeKeyId: 'k2',
      keys: new Map([
        ['k1', Buffer.alloc(32, 1)],
        ['k2', Buffer.alloc(32, 2)],
      ]),
    });
    expect(rotated.check(value, sealer.seal(value))).toEqual({ ok: true });
    expect(rotated.eventId('k')).toBe(sealer.eventId('k'));
  });
});
