import { loadOrCreateLocalSigningKey, localVerifier, signLocalToken, TokenError } from './tokens';
import { createVerifiedTokenCache, type VerifiedToken } from './verified-token-cache';
import type { Principal } from './principal';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const caseworker = (sub: string): Principal => ({ role: 'caseworker', sub, dongs: ['11110510'] });

/** A verifier that counts its calls: token "<sub>:<validUntilMs>" is valid until then; "bad" never is. */
function fakeVerifier() {
  const calls: string[] = [];
  const verify = async (token: string): Promise<VerifiedToken> => {
    calls.push(token);
    if (token === 'bad') throw new TokenError('invalid token: signature verification failed');
    const [sub, until] = token.split(':');
    return { principal: caseworker(sub!), validUntilMs: Number(until) };
  };
  return { calls, verify };
}

describe('verified-token cache', () => {
  test('a token is verified once while it is valid, and again once it is not', async () => {
    let now = 1_000;
    const { calls, verify } = fakeVerifier();
    const cache = createVerifiedTokenCache(verify, { maxEntries: 10, now: () => now });
    expect(await cache.verify('cw-1:5000')).toEqual(caseworker('cw-1'));
    now = 4_999;
    expect(await cache.verify('cw-1:5000')).toEqual(caseworker('cw-1'));
    expect(calls).toEqual(['cw-1:5000']);
    // At its expiry the token goes back to the verifier (which, for a real token, refuses it).
    now = 5_000;
    await cache.verify('cw-1:5000');
    expect(calls).toEqual(['cw-1:5000', 'cw-1:5000']);
  });

  test('a token already invalid when checked is not remembered', async () => {
    const { calls, verify } = fakeVerifier();
    const cache = createVerifiedTokenCache(verify, { maxEntries: 10, now: () => 5_000 });
    await cache.verify('cw-1:5000');
    await cache.verify('cw-1:5000');
    expect(calls).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  test('a failed verification is never remembered', async () => {
    const { calls, verify } = fakeVerifier();
    const cache = createVerifiedTokenCache(verify, { maxEntries: 10, now: () => 0 });
    await expect(cache.verify('bad')).rejects.toThrow(TokenError);
    await expect(cache.verify('bad')).rejects.toThrow(TokenError);
    expect(calls).toEqual(['bad', 'bad']);
    expect(cache.size).toBe(0);
  });

  test('a different token is verified on its own, never served from another', async () => {
    const { calls, verify } = fakeVerifier();
    const cache = createVerifiedTokenCache(verify, { maxEntries: 10, now: () => 0 });
    expect(await cache.verify('cw-1:5000')).toMatchObject({ sub: 'cw-1' });
    expect(await cache.verify('cw-2:5000')).toMatchObject({ sub: 'cw-2' });
    await expect(cache.verify('bad')).rejects.toThrow(TokenError);
    expect(calls).toEqual(['cw-1:5000', 'cw-2:5000', 'bad']);
  });

  test('holds at most maxEntries tokens and forgets the least recently used first', async () => {
    const { calls, verify } = fakeVerifier();
    const cache = createVerifiedTokenCache(verify, { maxEntries: 2, now: () => 0 });
    await cache.verify('a:9000');
    await cache.verify('b:9000');
    await cache.verify('a:9000'); // a is now the most recently used
    await cache.verify('c:9000'); // b goes
    expect(cache.size).toBe(2);
    calls.length = 0;
    await cache.verify('a:9000');
    await cache.verify('c:9000');
    expect(calls).toEqual([]);
    await cache.verify('b:9000');
    expect(calls).toEqual(['b:9000']);
    expect(cache.size).toBe(2);
  });

  test('the shared principal cannot be changed by one request for the next', async () => {
    const { verify } = fakeVerifier();
    const cache = createVerifiedTokenCache(verify, { maxEntries: 10, now: () => 0 });
    await cache.verify('cw-1:5000');
    const principal = (await cache.verify('cw-1:5000')) as Extract<Principal, { role: 'caseworker' }>;
    expect(() => principal.dongs.push('11110520')).toThrow(TypeError);
    expect(await cache.verify('cw-1:5000')).toEqual(caseworker('cw-1'));
  });
});

describe('the local verifier (real ES256 tokens)', () => {
  test('serves a repeated token from the cache and still refuses an altered one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-tokens-'));
    try {
      const key = await loadOrCreateLocalSigningKey(dir);
      const verify = localVerifier(key);
      const token = await signLocalToken(key, caseworker('cw-9'), 60);
      expect(await verify(token)).toEqual(caseworker('cw-9'));
      expect(await verify(token)).toEqual(caseworker('cw-9'));
      const [header, payload, signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' }));
      await expect(verify(`${header}.${forged.toString('base64url')}.${signature}`)).rejects.toThrow(TokenError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
