/**
 * Bearer JWTs with jose: verified against a local signing key by default (kept in the data folder, created on
 * first use), or an OIDC issuer's JWKS in production. `signLocalToken` mints tokens for local use and tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { Principal } from './principal';
import { createVerifiedTokenCache, DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, type VerifiedToken } from './verified-token-cache';

export const LOCAL_ISSUER = 'urn:dolbom:local';
export const AUDIENCE = 'dolbom-api';
const ALG = 'ES256';
/** The longest a token may live (one working day; issue 14): longer ones are neither minted nor accepted. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

export interface LocalSigningKey {
  privateKey: KeyLike;
  publicKey: KeyLike;
  kid: string;
}

/** The local signing key pair, created with mode 0600 on first use. */
export async function loadOrCreateLocalSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const file = path.join(dataDir, 'keys', 'jwt-signing.json');
  if (!fs.existsSync(file)) {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = `local-${Date.now().toString(36)}`;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify({ kid, private: await exportJWK(privateKey), public: await exportJWK(publicKey) }), {
      mode: 0o600,
    });
  }
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { kid: string; private: JWK; public: JWK };
  return {
    kid: saved.kid,
    privateKey: (await importJWK(saved.private, ALG)) as KeyLike,
    publicKey: (await importJWK(saved.public, ALG)) as KeyLike,
  };
}

export async function signLocalToken(key: LocalSigningKey, claims: Principal, ttlSeconds = 8 * 3600): Promise<string> {
  if (!(ttlSeconds > 0 && ttlSeconds <= MAX_TOKEN_LIFETIME_SECONDS)) {
    throw new TokenError(`a token lives at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours (asked for ${ttlSeconds} s)`);
  }
  const { sub, ...rest } = claims;
  return new SignJWT(rest as Record<string, unknown>)
    .setProtectedHeader({ alg: ALG, kid: key.kid })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export class TokenError extends Error {}

/** `cacheSize` 0 verifies every token every time (the benchmark's comparison). */
export function localVerifier(key: LocalSigningKey, opts: { cacheSize?: number } = {}): TokenVerifier {
  return verifierFor(key.publicKey, LOCAL_ISSUER, opts.cacheSize);
}

export function oidcVerifier(issuer: string, jwksUrl: string): TokenVerifier {
  return verifierFor(createRemoteJWKSet(new URL(jwksUrl)), issuer);
}

/** Verifies each token once while it stays valid (verified-token-cache.ts): the check is ES256 or RS256 per token. */
function verifierFor(key: KeyLike | JWTVerifyGetKey, issuer: string, cacheSize = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE): TokenVerifier {
  const cache = createVerifiedTokenCache(tokenCheck(key, issuer), { maxEntries: cacheSize });
  return (token) => cache.verify(token);
}

function tokenCheck(key: KeyLike | JWTVerifyGetKey, issuer: string): (token: string) => Promise<VerifiedToken> {
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      // exp and iat are required, and a token older than the longest lifetime is refused whatever its exp says.
      ({ payload } = await jwtVerify(token, key as KeyLike, {
        issuer,
        audience: AUDIENCE,
        algorithms: [ALG, 'RS256'],
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      }));
    } catch (err) {
      throw new TokenError(`invalid token: ${(err as Error).message}`);
    }
    const principal = Principal.safeParse(payload);
    if (!principal.success)
      throw new TokenError(
        `token claims do not name a role and its area: ${principal.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    // The checks above pass while now < exp and now - iat <= the longest lifetime (jose, in whole seconds).
    const validUntilMs = Math.min(Number(payload.exp), Number(payload.iat) + MAX_TOKEN_LIFETIME_SECONDS) * 1000;
    return { principal: principal.data, validUntilMs };
  };
}
