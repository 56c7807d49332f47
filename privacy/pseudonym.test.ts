import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localPseudonymSecretPath, parsePseudonymSecret, pseudonymousId, resolvePseudonymSecret } from './pseudonym';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-pseudonym-'));

describe('pseudonymousId', () => {
  const secret = randomBytes(32);

  it('is stable for one person, whatever the RRN formatting, and fits the pseudonymous-id pattern', () => {
    const id = pseudonymousId('480312-2123456', secret);
    expect(id).toMatch(/^[a-z0-9-]{8,64}$/);
    expect(id).toHaveLength(20);
    expect(pseudonymousId('4803122123456', secret)).toBe(id);
    expect(pseudonymousId(' 480312 - 2123456 ', secret)).toBe(id);
  });

  it('differs between people and between secrets, and does not contain the RRN', () => {
    const id = pseudonymousId('480312-2123456', secret);
    expect(pseudonymousId('480312-2123457', secret)).not.toBe(id);
    expect(pseudonymousId('480312-2123456', randomBytes(32))).not.toBe(id);
    expect(id).not.toMatch(/480312|2123456/);
  });

  it('is the HMAC-SHA256 of the digits, base32', () => {
    // RFC 4648 base32 of HMAC-SHA256(key = 32 zero bytes, "4803122123456"), computed independently.
    const expected = createHmac('sha256', Buffer.alloc(32)).update('4803122123456').digest();
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    const bits = [...expected].map((b) => b.toString(2).padStart(8, '0')).join('');
    const base32 = bits
      .slice(0, 100)
      .match(/.{5}/g)!
      .map((chunk) => alphabet[parseInt(chunk, 2)])
      .join('');
    expect(pseudonymousId('480312-2123456', Buffer.alloc(32))).toBe(base32);
  });

  it('refuses a malformed RRN without repeating it, and a short secret', () => {
    expect(() => pseudonymousId('48031-21234', secret)).toThrow('a resident registration number has 13 digits (got 10)');
    expect(() => pseudonymousId('480312-2123456', randomBytes(16))).toThrow(/at least 32 bytes/);
  });
});

describe('pseudonym secret', () => {
  it('comes from DOLBOM_PSEUDONYM_SECRET, with errors naming the variable', () => {
    const value = randomBytes(32).toString('base64');
    expect(parsePseudonymSecret({ DOLBOM_PSEUDONYM_SECRET: value }).toString('base64')).toBe(value);
    expect(() => parsePseudonymSecret({})).toThrow(/DOLBOM_PSEUDONYM_SECRET: is not set/);
    expect(() => parsePseudonymSecret({ DOLBOM_PSEUDONYM_SECRET: 'not base64!' })).toThrow(/DOLBOM_PSEUDONYM_SECRET: must be base64/);
    expect(() => parsePseudonymSecret({ DOLBOM_PSEUDONYM_SECRET: randomBytes(8).toString('base64') })).toThrow(
      /DOLBOM_PSEUDONYM_SECRET: must be at least 32 bytes \(got 8\)/,
    );
  });

  it('in production, must be configured', () => {
    const dir = tempDir();
    expect(() => resolvePseudonymSecret({ env: {}, dataDir: dir, production: true })).toThrow(/DOLBOM_PSEUDONYM_SECRET: is not set/);
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);
  });

  it('locally, is created once with mode 0600 and reused', () => {
    const dir = tempDir();
    const first = resolvePseudonymSecret({ env: {}, dataDir: dir, production: false });
    const file = localPseudonymSecretPath(dir);
    expect(file).toBe(path.join(dir, 'keys', 'pseudonym.secret'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(first).toHaveLength(32);
    expect(resolvePseudonymSecret({ env: {}, dataDir: dir, production: false }).equals(first)).toBe(true);
  });
});
