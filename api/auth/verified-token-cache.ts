/**
 * Verified tokens, remembered until they stop being valid: an ES256 check costs about a millisecond of CPU
 * and a client sends the same token with every request (docs/performance.md, issue 16). Only a successful
 * verification is kept, keyed by the token's SHA-256 (the token itself is a credential and is not held); an
 * entry is served only while the token would still pass the check (before its `exp`, and within the longest
 * lifetime from its `iat`), so a cached token expires exactly when a verified one would. The cache (lru-cache)
 * holds at most `maxEntries` tokens and forgets the least recently used first.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Principal } from './principal';

/** What a verification proves: who the caller is, and until when (epoch ms) the token stays valid. */
export interface VerifiedToken {
  principal: Principal;
  validUntilMs: number;
}

export interface VerifiedTokenCacheOptions {
  /** The most tokens remembered at once. */
  maxEntries: number;
  /** The clock (epoch ms); tests pass their own. */
  now?: () => number;
}

/** About 10,000 callers' tokens of a working day; an entry is a few hundred bytes. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export interface VerifiedTokenCache {
  /** Verifies through the cache: a remembered, still valid token is not verified again. */
  verify(token: string): Promise<Principal>;
  readonly size: number;
}

export function createVerifiedTokenCache(
  verifyToken: (token: string) => Promise<VerifiedToken>,
  opts: VerifiedTokenCacheOptions,
): VerifiedTokenCache {
  const now = opts.now ?? Date.now;
  const entries = new LRUCache<string, VerifiedToken>({ max: opts.maxEntries });
  return {
    get size() {
      return entries.size;
    },
    async verify(token) {
      const key = createHash('sha256').update(token).digest('base64');
      const hit = entries.get(key);
      if (hit && now() < hit.validUntilMs) return hit.principal;
      if (hit) entries.delete(key);
      // A failure throws here and leaves nothing behind.
      const verified = await verifyToken(token);
      if (now() < verified.validUntilMs)
        entries.set(key, { principal: deepFreeze(verified.principal), validUntilMs: verified.validUntilMs });
      return verified.principal;
    },
  };
}

/** Every request with the token shares the one principal: none may change it for the others. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
