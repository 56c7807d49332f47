/**
 * The pseudonymous id that cases, events and workflow ids use instead of the resident registration number:
 * a keyed hash (HMAC-SHA256) of the RRN's digits. The same person always gets the same id; without the secret
 * the id cannot be linked back to an RRN, not even by trying all ~10^13 valid RRNs. The secret must never change,
 * or every person would get a new id: it is not rotated.
 */
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError } from '../platform/config';
import { keysDir, readOrCreateSecretFile } from './local-secret-file';

export const PSEUDONYM_SECRET_MIN_BYTES = 32;
export const PSEUDONYM_LENGTH = 20;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lowercase, no padding. */
function base32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return bits > 0 ? out + BASE32[(buffer << (5 - bits)) & 31] : out;
}

/**
 * 20 lowercase base32 characters (100 bits of the HMAC), matching the pseudonymous-id pattern
 * `/^[a-z0-9-]{8,64}$/`. `480312-2123456` and `4803122123456` give the same id. The error for a malformed
 * RRN does not repeat it.
 */
export function pseudonymousId(rrn: string, secret: Buffer): string {
  if (secret.length < PSEUDONYM_SECRET_MIN_BYTES)
    throw new Error(`the pseudonym secret must be at least ${PSEUDONYM_SECRET_MIN_BYTES} bytes`);
  const digits = rrn.replace(/\D/g, '');
  if (digits.length !== 13) throw new Error(`a resident registration number has 13 digits (got ${digits.length})`);
  return base32(createHmac('sha256', secret).update(digits, 'utf8').digest()).slice(0, PSEUDONYM_LENGTH);
}

export interface PseudonymEnv {
  DOLBOM_PSEUDONYM_SECRET?: string;
}

export interface ResolvePseudonymSecretOptions {
  env: PseudonymEnv;
  dataDir: string;
  /** In production the secret must come from the environment; no local file is created. */
  production: boolean;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Parses DOLBOM_PSEUDONYM_SECRET (base64, at least 32 bytes); the error names the variable, not the value. */
export function parsePseudonymSecret(env: PseudonymEnv): Buffer {
  const raw = env.DOLBOM_PSEUDONYM_SECRET?.trim();
  const problem = !raw
    ? 'is not set; expected base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`)'
    : !BASE64.test(raw)
      ? 'must be base64'
      : Buffer.from(raw, 'base64').length < PSEUDONYM_SECRET_MIN_BYTES
        ? `must be at least ${PSEUDONYM_SECRET_MIN_BYTES} bytes (got ${Buffer.from(raw, 'base64').length})`
        : undefined;
  if (problem) throw new ConfigError(`Invalid pseudonym secret:\n  DOLBOM_PSEUDONYM_SECRET: ${problem}`);
  return Buffer.from(raw!, 'base64');
}

export function localPseudonymSecretPath(dataDir: string): string {
  return path.join(keysDir(dataDir), 'pseudonym.secret');
}

/** For the embedded local setup only: `<dataDir>/keys/pseudonym.secret` (base64), created 0600 on first use. */
export function loadOrCreateLocalPseudonymSecret(dataDir: string): Buffer {
  const file = localPseudonymSecretPath(dataDir);
  const content = readOrCreateSecretFile(file, () => `${randomBytes(PSEUDONYM_SECRET_MIN_BYTES).toString('base64')}\n`);
  try {
    return parsePseudonymSecret({ DOLBOM_PSEUDONYM_SECRET: content });
  } catch {
    throw new ConfigError(
      `${file} does not hold a valid pseudonym secret (base64, at least ${PSEUDONYM_SECRET_MIN_BYTES} bytes); restore it from a backup, or every person's id changes`,
    );
  }
}

/** The environment's secret when given; otherwise, outside production, the local secret file. */
export function resolvePseudonymSecret(opts: ResolvePseudonymSecretOptions): Buffer {
  if (opts.env.DOLBOM_PSEUDONYM_SECRET?.trim() || opts.production) return parsePseudonymSecret(opts.env);
  return loadOrCreateLocalPseudonymSecret(opts.dataDir);
}
