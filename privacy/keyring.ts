/**
 * The AES-256 keys that encrypt personal data before it reaches Temporal. Several keys may be known at once so
 * keys can rotate: the active one encrypts, every listed one still decrypts what it encrypted earlier.
 * Keys come from the environment (DOLBOM_ENCRYPTION_KEYS, DOLBOM_ENCRYPTION_ACTIVE_KEY); only the embedded
 * local setup falls back to a generated key file in the data folder. Errors name the variable, never a key.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../platform/config';
import { keysDir, readOrCreateSecretFile, replaceSecretFile } from './local-secret-file';

export interface Keyring {
  activeKeyId: string;
  keys: Map<string, Buffer>;
}

export interface KeyringEnv {
  DOLBOM_ENCRYPTION_KEYS?: string;
  DOLBOM_ENCRYPTION_ACTIVE_KEY?: string;
}

export const KEY_BYTES = 32;

const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_ID_RULE = 'key ids are 1-64 letters, digits, dots, dashes or underscores';
const KeyId = z.string().regex(KEY_ID_PATTERN, KEY_ID_RULE);

/** base64 of exactly 32 bytes; messages describe the problem without echoing the key. */
const KeyMaterial = z
  .base64('key must be base64')
  .transform((s) => Buffer.from(s, 'base64'))
  .refine((b) => b.length === KEY_BYTES, { error: (i) => `key must be ${KEY_BYTES} bytes (got ${(i.input as Buffer).length})` });

const KeysVariable = z
  .string({ error: 'is not set; expected kid1:base64key,kid2:base64key (32-byte keys, e.g. from `openssl rand -base64 32`)' })
  .transform((raw, ctx) => {
    const keys = new Map<string, Buffer>();
    const entries = raw
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'is empty; expected kid1:base64key,kid2:base64key' });
    entries.forEach((entry, i) => {
      const colon = entry.indexOf(':');
      if (colon < 0) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not kid:base64key` });
        return;
      }
      const kid = entry.slice(0, colon).trim();
      if (!KEY_ID_PATTERN.test(kid)) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: ${KEY_ID_RULE}` });
        return;
      }
      if (keys.has(kid)) {
        ctx.addIssue({ code: 'custom', message: `key id "${kid}" is listed twice` });
        return;
      }
      const key = KeyMaterial.safeParse(entry.slice(colon + 1).trim());
      if (!key.success) {
        ctx.addIssue({ code: 'custom', message: `key "${kid}": ${key.error.issues[0]?.message ?? 'invalid'}` });
        return;
      }
      keys.set(kid, key.data);
    });
    return keys;
  });

const KeyringEnvSchema = z
  .object({
    DOLBOM_ENCRYPTION_KEYS: KeysVariable,
    DOLBOM_ENCRYPTION_ACTIVE_KEY: KeyId.optional(),
  })
  .transform((env, ctx): Keyring => {
    const ids = [...env.DOLBOM_ENCRYPTION_KEYS.keys()];
    const activeKeyId = env.DOLBOM_ENCRYPTION_ACTIVE_KEY ?? (ids.length === 1 ? ids[0] : undefined);
    if (activeKeyId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DOLBOM_ENCRYPTION_ACTIVE_KEY'],
        message: `is not set; with several keys, name the one that encrypts (one of ${ids.join(', ')})`,
      });
      return z.NEVER;
    }
    if (!env.DOLBOM_ENCRYPTION_KEYS.has(activeKeyId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DOLBOM_ENCRYPTION_ACTIVE_KEY'],
        message: `names key "${activeKeyId}", which DOLBOM_ENCRYPTION_KEYS does not list (it lists ${ids.join(', ')})`,
      });
      return z.NEVER;
    }
    return { activeKeyId, keys: env.DOLBOM_ENCRYPTION_KEYS };
  });

/** Parses the keyring from the environment; a ConfigError names each bad variable and never contains a key. */
export function parseKeyring(env: KeyringEnv): Keyring {
  const result = KeyringEnvSchema.safeParse({
    DOLBOM_ENCRYPTION_KEYS: env.DOLBOM_ENCRYPTION_KEYS,
    DOLBOM_ENCRYPTION_ACTIVE_KEY: env.DOLBOM_ENCRYPTION_ACTIVE_KEY || undefined,
  });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid encryption keys:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The local keyring file, as stored: key ids to base64 keys. */
const KeyringFile = z.object({
  activeKeyId: KeyId,
  keys: z.record(KeyId, KeyMaterial),
});

export function localKeyringPath(dataDir: string): string {
  return path.join(keysDir(dataDir), 'keyring.json');
}

function fromFile(file: string, content: string): Keyring {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new ConfigError(
      `${file} is not valid JSON; restore it from a backup (payloads encrypted with its keys cannot be read without it)`,
    );
  }
  const parsed = KeyringFile.safeParse(json);
  if (!parsed.success || !(parsed.data.activeKeyId in parsed.data.keys)) {
    throw new ConfigError(
      `${file} is not a valid keyring (expected {"activeKeyId", "keys": {kid: base64 32-byte key}} with the active key listed)`,
    );
  }
  return { activeKeyId: parsed.data.activeKeyId, keys: new Map(Object.entries(parsed.data.keys)) };
}

function toFile(keyring: Keyring): string {
  const keys = Object.fromEntries([...keyring.keys].map(([kid, key]) => [kid, key.toString('base64')]));
  return `${JSON.stringify({ activeKeyId: keyring.activeKeyId, keys }, null, 2)}\n`;
}

/** `local-<yyyymmdd>` (UTC), with a counter when that id is taken (a second rotation on one day). */
function newLocalKeyId(taken: Map<string, Buffer>, now: Date): string {
  const base = `local-${now.toISOString().slice(0, 10).replace(/-/g, '')}`;
  let kid = base;
  for (let n = 2; taken.has(kid); n++) kid = `${base}-${n}`;
  return kid;
}

/**
 * For the embedded local setup only: reads `<dataDir>/keys/keyring.json`, or creates it (mode 0600, directory
 * 0700) with one random key. Losing this file makes every payload it encrypted unreadable.
 */
export function loadOrCreateLocalKeyring(dataDir: string, now: Date = new Date()): Keyring {
  const file = localKeyringPath(dataDir);
  const content = readOrCreateSecretFile(file, () => {
    const kid = newLocalKeyId(new Map(), now);
    return toFile({ activeKeyId: kid, keys: new Map([[kid, randomBytes(KEY_BYTES)]]) });
  });
  return fromFile(file, content);
}

/**
 * Adds a new random key to the local keyring and makes it active, keeping the old keys so old payloads still
 * decrypt. Running processes keep the keyring they loaded: restart them all after a rotation.
 */
export function rotateLocalKeyring(dataDir: string, now: Date = new Date()): Keyring {
  const current = loadOrCreateLocalKeyring(dataDir, now);
  const kid = newLocalKeyId(current.keys, now);
  const rotated: Keyring = { activeKeyId: kid, keys: new Map([...current.keys, [kid, randomBytes(KEY_BYTES)]]) };
  replaceSecretFile(localKeyringPath(dataDir), toFile(rotated));
  return rotated;
}

export interface ResolveKeyringOptions {
  env: KeyringEnv;
  dataDir: string;
  /** In production the keys must come from the environment (a secret store); no local file is created. */
  production: boolean;
}

/** The environment's keys when given; otherwise, outside production, the local keyring file. */
export function resolveKeyring(opts: ResolveKeyringOptions): Keyring {
  if (opts.env.DOLBOM_ENCRYPTION_KEYS?.trim()) return parseKeyring(opts.env);
  if (opts.production) {
    throw new ConfigError(
      'Invalid encryption keys:\n  DOLBOM_ENCRYPTION_KEYS: is not set; in production the encryption keys must be configured (kid1:base64key,...), no local key file is used',
    );
  }
  if (opts.env.DOLBOM_ENCRYPTION_ACTIVE_KEY?.trim()) {
    throw new ConfigError(
      'Invalid encryption keys:\n  DOLBOM_ENCRYPTION_ACTIVE_KEY: is set but DOLBOM_ENCRYPTION_KEYS is not; set both, or neither to use the local key file',
    );
  }
  return loadOrCreateLocalKeyring(opts.dataDir);
}
