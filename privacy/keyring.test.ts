import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../platform/config';
import { loadOrCreateLocalKeyring, localKeyringPath, parseKeyring, resolveKeyring, rotateLocalKeyring } from './keyring';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-keyring-'));
const mode = (p: string) => fs.statSync(p).mode & 0o777;

function parseError(env: Parameters<typeof parseKeyring>[0]): string {
  try {
    parseKeyring(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected parseKeyring to fail');
}

describe('parseKeyring', () => {
  it('reads several keys and the active one', () => {
    const [a, b] = [key(), key()];
    const ring = parseKeyring({ DOLBOM_ENCRYPTION_KEYS: `2024a:${a}, 2025a:${b}`, DOLBOM_ENCRYPTION_ACTIVE_KEY: '2025a' });
    expect(ring.activeKeyId).toBe('2025a');
    expect([...ring.keys.keys()]).toEqual(['2024a', '2025a']);
    expect(ring.keys.get('2024a')!.equals(Buffer.from(a, 'base64'))).toBe(true);
  });

  it('takes a sole key as active when none is named', () => {
    expect(parseKeyring({ DOLBOM_ENCRYPTION_KEYS: `only:${key()}` }).activeKeyId).toBe('only');
  });

  it('names the variable and never echoes a key', () => {
    const short = key(16);
    const cases: [Parameters<typeof parseKeyring>[0], RegExp][] = [
      [{}, /DOLBOM_ENCRYPTION_KEYS: is not set/],
      [{ DOLBOM_ENCRYPTION_KEYS: ' , ' }, /DOLBOM_ENCRYPTION_KEYS: is empty/],
      [{ DOLBOM_ENCRYPTION_KEYS: short }, /DOLBOM_ENCRYPTION_KEYS: entry 1 is not kid:base64key/],
      [{ DOLBOM_ENCRYPTION_KEYS: `k1:${short}` }, /DOLBOM_ENCRYPTION_KEYS: key "k1": key must be 32 bytes \(got 16\)/],
      [{ DOLBOM_ENCRYPTION_KEYS: 'k1:not base64!' }, /DOLBOM_ENCRYPTION_KEYS: key "k1": key must be base64/],
      [{ DOLBOM_ENCRYPTION_KEYS: `k 1:${key()}` }, /DOLBOM_ENCRYPTION_KEYS: entry 1: key ids are/],
      [{ DOLBOM_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}` }, /DOLBOM_ENCRYPTION_KEYS: key id "k1" is listed twice/],
      [{ DOLBOM_ENCRYPTION_KEYS: `k1:${key()},k2:${key()}` }, /DOLBOM_ENCRYPTION_ACTIVE_KEY: is not set; .*one of k1, k2/],
      [
        { DOLBOM_ENCRYPTION_KEYS: `k1:${key()}`, DOLBOM_ENCRYPTION_ACTIVE_KEY: 'k2' },
        /DOLBOM_ENCRYPTION_ACTIVE_KEY: names key "k2", which DOLBOM_ENCRYPTION_KEYS does not list/,
      ],
    ];
    for (const [env, expected] of cases) {
      const message = parseError(env);
      expect(message).toMatch(expected);
      expect(message).not.toContain(short);
    }
  });
});

describe('local keyring', () => {
  it('is created once with mode 0600 in a 0700 directory, then reused', () => {
    const dir = tempDir();
    const first = loadOrCreateLocalKeyring(dir, new Date('2025-03-04T10:00:00Z'));
    const file = localKeyringPath(dir);
    expect(file).toBe(path.join(dir, 'keys', 'keyring.json'));
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(first.activeKeyId).toBe('local-20250304');
    expect(first.keys.get('local-20250304')).toHaveLength(32);

    const again = loadOrCreateLocalKeyring(dir, new Date('2025-06-01T10:00:00Z'));
    expect(again.activeKeyId).toBe('local-20250304');
    expect(again.keys.get('local-20250304')!.equals(first.keys.get('local-20250304')!)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['keyring.json']);
  });

  it('tightens a file others could read', () => {
    const dir = tempDir();
    loadOrCreateLocalKeyring(dir);
    fs.chmodSync(localKeyringPath(dir), 0o644);
    loadOrCreateLocalKeyring(dir);
    expect(mode(localKeyringPath(dir))).toBe(0o600);
  });

  it('rotates to a new active key and keeps the old ones', () => {
    const dir = tempDir();
    const first = loadOrCreateLocalKeyring(dir, new Date('2025-03-04T10:00:00Z'));
    const second = rotateLocalKeyring(dir, new Date('2025-09-01T10:00:00Z'));
    const third = rotateLocalKeyring(dir, new Date('2025-09-01T11:00:00Z'));
    expect(second.activeKeyId).toBe('local-20250901');
    expect(third.activeKeyId).toBe('local-20250901-2');
    expect([...third.keys.keys()]).toEqual(['local-20250304', 'local-20250901', 'local-20250901-2']);
    expect(third.keys.get('local-20250304')!.equals(first.keys.get('local-20250304')!)).toBe(true);
    expect(loadOrCreateLocalKeyring(dir)).toEqual(third);
    expect(mode(localKeyringPath(dir))).toBe(0o600);
  });

  it('says what is wrong with a damaged file', () => {
    const dir = tempDir();
    loadOrCreateLocalKeyring(dir);
    fs.writeFileSync(localKeyringPath(dir), '{"activeKeyId":"x","keys":{}}');
    expect(() => loadOrCreateLocalKeyring(dir)).toThrow(/keyring\.json is not a valid keyring/);
  });
});

describe('resolveKeyring', () => {
  it('prefers the environment', () => {
    const dir = tempDir();
    const ring = resolveKeyring({ env: { DOLBOM_ENCRYPTION_KEYS: `env1:${key()}` }, dataDir: dir, production: false });
    expect(ring.activeKeyId).toBe('env1');
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);
  });

  it('in production, requires configured keys and writes no file', () => {
    const dir = tempDir();
    expect(() => resolveKeyring({ env: {}, dataDir: dir, production: true })).toThrow(/DOLBOM_ENCRYPTION_KEYS: is not set; in production/);
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);
  });

  it('elsewhere, falls back to the local keyring', () => {
    const dir = tempDir();
    const ring = resolveKeyring({ env: {}, dataDir: dir, production: false });
    expect(loadOrCreateLocalKeyring(dir)).toEqual(ring);
  });

  it('refuses an active key without keys', () => {
    expect(() => resolveKeyring({ env: { DOLBOM_ENCRYPTION_ACTIVE_KEY: 'k1' }, dataDir: tempDir(), production: false })).toThrow(
      /DOLBOM_ENCRYPTION_ACTIVE_KEY: is set but DOLBOM_ENCRYPTION_KEYS is not/,
    );
  });
});
