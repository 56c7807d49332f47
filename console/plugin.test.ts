/**
 * The console's sign-in rules without servers (Fastify inject, a context whose Temporal is never reached):
 * the development sign-in is refused in production, the session cookie's flags, CSRF on the sign-in form,
 * and a page that needs a viewer sends the browser to sign in.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ApiContext } from '../api/context';
import { ConsoleConfigSchema } from './console-config';
import { consolePlugin } from './plugin';

const ctx = {} as ApiContext;
const logger = pino({ level: 'silent' });

async function consoleApp(env: Record<string, string>): Promise<FastifyInstance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-'));
  const app = Fastify();
  await app.register(consolePlugin({ ctx, dataDir, logger, config: ConsoleConfigSchema.parse(env) }));
  return app;
}

const cookieOf = (setCookie: string | string[] | undefined) =>
  [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0])
    .join('; ');

async function signInForm(app: FastifyInstance) {
  const page = await app.inject({ method: 'GET', url: '/console/sign-in' });
  return { page, cookie: cookieOf(page.headers['set-cookie']), csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '' };
}

describe('console sign-in', () => {
  it('signs a demo caseworker in, with an HttpOnly SameSite=Lax cookie, and sends them to the caseload', async () => {
    const app = await consoleApp({ NODE_ENV: 'development' });
    const { page, cookie, csrf } = await signInForm(app);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('개발용 로그인');
    const res = await app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, identity: 'caseworker' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/caseload');
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).not.toMatch(/Secure/);
    await app.close();
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const app = await consoleApp({ NODE_ENV: 'development' });
    const { cookie } = await signInForm(app);
    const res = await app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'identity=caseworker',
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie'] ?? '').not.toContain('principal');
    await app.close();
  });

  it('refuses the development sign-in in production, and marks the cookie Secure', async () => {
    const app = await consoleApp({
      NODE_ENV: 'production',
      CONSOLE_SESSION_KEY: Buffer.alloc(32, 7).toString('base64'),
      OIDC_ISSUER: 'https://idp.example',
      CONSOLE_OIDC_CLIENT_ID: 'dolbom',
      CONSOLE_PUBLIC_URL: 'https://dolbom.example',
    });
    const { page, cookie, csrf } = await signInForm(app);
    expect(page.body).not.toContain('개발용 로그인');
    expect(page.body).toContain('/console/oidc/login');
    expect(String(page.headers['set-cookie'])).toMatch(/Secure/);
    const res = await app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      payload: new URLSearchParams({ _csrf: csrf, identity: 'caseworker' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers.location).toBeUndefined();
    await app.close();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const app = await consoleApp({ NODE_ENV: 'development' });
    const res = await app.inject({ method: 'GET', url: '/console/caseload' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/sign-in');
    await app.close();
  });
});
