/**
 * Console sessions: a sealed cookie (@fastify/secure-session, libsodium secretbox) holding the signed-in
 * principal, the language and the last request's time. HttpOnly, SameSite=Lax, Secure in production, scoped to
 * /console; idle for longer than CONSOLE_IDLE_TIMEOUT_MINUTES it ends. CSRF tokens (@fastify/csrf-protection)
 * keep their secret in the same session.
 */
import csrf from '@fastify/csrf-protection';
import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../api/auth/principal';
import type { ConsoleConfig } from './console-config';
import { isLang, type Lang } from './i18n';

export const SESSION_COOKIE = 'dolbom_console';

declare module '@fastify/secure-session' {
  interface SessionData {
    principal: Principal;
    lastSeen: number;
    lang: Lang;
    oidc: { verifier: string; state: string };
  }
}
declare module 'fastify' {
  interface FastifyRequest {
    /** The session ended for idleness on this request. */
    consoleExpired?: boolean;
  }
}

/** The cookie-sealing key: from the environment, or (outside production) a local key in the data folder. */
function sessionKey(config: ConsoleConfig, dataDir: string): Buffer {
  if (config.CONSOLE_SESSION_KEY) return Buffer.from(config.CONSOLE_SESSION_KEY, 'base64');
  const file = path.join(dataDir, 'keys', 'console-session.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

export async function registerSessions(app: FastifyInstance, config: ConsoleConfig, dataDir: string): Promise<void> {
  await app.register(secureSession, {
    key: sessionKey(config, dataDir),
    cookieName: SESSION_COOKIE,
    cookie: { path: '/console', httpOnly: true, sameSite: 'lax', secure: config.NODE_ENV === 'production' },
  });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' });
  const idleMs = config.CONSOLE_IDLE_TIMEOUT_MINUTES * 60_000;
  app.addHook('onRequest', async (req) => {
    const lastSeen = req.session.get('lastSeen');
    if (req.session.get('principal') && lastSeen !== undefined && Date.now() - lastSeen > idleMs) {
      const lang = req.session.get('lang');
      req.session.regenerate();
      if (lang) req.session.set('lang', lang);
      req.consoleExpired = true;
      return;
    }
    // The live feed is a long-lived connection, not a user's action: it does not keep a session alive.
    if (req.session.get('principal') && !req.url.endsWith('/live')) req.session.set('lastSeen', Date.now());
  });
}

export function signIn(req: FastifyRequest, principal: Principal): void {
  const lang = req.session.get('lang');
  req.session.regenerate();
  req.session.set('principal', principal);
  req.session.set('lastSeen', Date.now());
  if (lang) req.session.set('lang', lang);
}

export function signOut(req: FastifyRequest): void {
  req.session.delete();
}

export function langOf(req: FastifyRequest): Lang {
  const l = req.session.get('lang');
  return isLang(l) ? l : 'ko';
}

export const homeOf = (p: Principal) =>
  p.role === 'provider' ? '/console/provider' : p.role === 'supervisor' ? '/console/supervisor' : '/console/caseload';

/** The signed-in principal, or a reply that sends the browser to sign in (401 when the session just expired). */
export function principalOr(req: FastifyRequest, reply: FastifyReply): Principal | undefined {
  const p = req.session.get('principal');
  if (p) return p;
  if (req.consoleExpired) {
    void reply.code(401).redirect(`/console/sign-in?expired=1`, 303);
    return undefined;
  }
  void reply.redirect(`/console/sign-in`, 303);
  return undefined;
}
