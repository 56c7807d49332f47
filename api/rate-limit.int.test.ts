/**
 * Rate limits per principal (issue 14, api/rate-limit.ts) on the real Temporal server and Kafka: a principal
 * over its limit gets 429 with retry-after and a problem document, from any address, while another principal
 * is still served; callers without a token are counted by address; a console session counts as its principal;
 * the health endpoints are never limited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { createTestApi, type TestApi } from '../test/harness/api';
import { createTestKafka, testLogger, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import { ConsoleConfigSchema } from '../console/console-config';
import { consolePlugin } from '../console/plugin';
import type { Principal } from './auth/principal';

const LIMIT = 5;
const DONG = '11110510';
const heavy: Principal = { role: 'caseworker', sub: 'rl-cw-heavy', dongs: [DONG] };
const light: Principal = { role: 'caseworker', sub: 'rl-cw-light', dongs: [DONG] };

describe('rate limits per principal', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;

  const get = (url: string, opts: { token?: string; address?: string; cookie?: string } = {}) =>
    api.app.inject({
      method: 'GET',
      url,
      remoteAddress: opts.address ?? '127.0.0.1',
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
      },
    } satisfies InjectOptions);

  /** Signs a demo identity in to the console from `address` (two requests counted against that address). */
  async function consoleSession(identity: string, address: string): Promise<string> {
    const form = await get('/console/sign-in', { address });
    const cookie = [form.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await api.app.inject({
      method: 'POST',
      url: '/console/sign-in',
      remoteAddress: address,
      headers: { cookie: cookie.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, identity }).toString(),
    });
    expect(res.statusCode).toBe(303);
    return [res.headers['set-cookie'] ?? []]
      .flat()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  beforeAll(async () => {
    kafka = await createTestKafka('rate-limit');
    temporal = await startRealTemporal('rate-limit', kafka);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-rl-console-'));
    api = await createTestApi(temporal, kafka, {
      rateLimitPerMinute: LIMIT,
      plugins: (ctx) => [consolePlugin({ ctx, dataDir, logger: testLogger, config: ConsoleConfigSchema.parse({ NODE_ENV: 'test' }) })],
    });
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  it('answers 429 with retry-after and a problem document to a principal over its limit, from any address, and serves another', async () => {
    const [heavyToken, lightToken] = await Promise.all([api.token(heavy), api.token(light)]);
    for (let i = 0; i < LIMIT; i++) expect((await get('/caseload', { token: heavyToken, address: '10.0.0.1' })).statusCode).toBe(200);
    const over = await get('/caseload', { token: heavyToken, address: '10.0.0.1' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json()).toMatchObject({ type: 'urn:dolbom:problem:too-many-requests', status: 429, instance: '/caseload' });
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Counted by who it is: the same principal from another address is still over its limit.
    expect((await get('/caseload', { token: heavyToken, address: '10.0.0.2' })).statusCode).toBe(429);
    // Another principal from the same address is served.
    const served = await get('/caseload', { token: lightToken, address: '10.0.0.1' });
    expect(served.statusCode).toBe(200);
    expect(Number(served.headers['x-ratelimit-remaining'])).toBe(LIMIT - 1);
  });

  it('counts callers without a valid token by address, before the 401, so guessing tokens is limited too', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await get('/caseload', { token: `guess-${i}`, address: '10.0.1.1' })).statusCode).toBe(401);
    expect((await get('/caseload', { address: '10.0.1.1' })).statusCode).toBe(429);
    expect((await get('/docs/json', { address: '10.0.1.1' })).statusCode).toBe(429);
    expect((await get('/caseload', { address: '10.0.1.2' })).statusCode).toBe(401);
  });

  it('never limits the health endpoints', async () => {
    for (let i = 0; i < LIMIT * 3; i++) expect((await get('/health/live', { address: '10.0.2.1' })).statusCode).toBe(200);
    expect((await get('/health/ready', { address: '10.0.2.1' })).statusCode).toBe(200);
  });

  it("counts a console session as its principal: the caseworker over its limit gets a 429 page, the supervisor's session is served", async () => {
    const caseworker = await consoleSession('caseworker', '10.0.3.1');
    const supervisor = await consoleSession('supervisor', '10.0.3.1');
    for (let i = 0; i < LIMIT; i++)
      expect((await get('/console/caseload', { cookie: caseworker, address: '10.0.3.1' })).statusCode).toBe(200);
    const over = await get('/console/caseload', { cookie: caseworker, address: '10.0.3.2' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toContain('text/html');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body).toContain('요청이 너무 많았습니다');
    expect((await get('/console/supervisor', { cookie: supervisor, address: '10.0.3.1' })).statusCode).toBe(200);
  });
});
