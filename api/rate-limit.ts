/**
 * Rate limits per principal (issue 14), with @fastify/rate-limit: each verified caller gets
 * API_RATE_LIMIT_PER_MINUTE requests a minute (platform/config.ts), counted by who it is, not where it calls from:
 * a bearer token's `sub`, or a console session's principal (the console sets `req.principal` from its session,
 * console/plugin.ts). A request without a verified principal (no token, a bad token, the sign-in page, /docs, the
 * codec's local Web UI) counts against its address, so guessing tokens is limited too. Over the limit: 429 with
 * `retry-after` (seconds) and a problem document (api/problem.ts); the console renders the same problem as a page.
 *
 * Not limited: /health/live and /health/ready. Their callers are the orchestrator's probes and `npm run status`,
 * which poll from one address; a 429 there would take a healthy instance out of service. Limited: the codec
 * endpoint (each decode is personal data read, and audited), by the token's principal when it sends one.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problems } from './problem';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Routes never limited (see above); matched on the route's pattern, so no URL spelling reaches them otherwise. */
const UNLIMITED_ROUTES = new Set(['/health/live', '/health/ready']);

export type RateLimitHook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Whose bucket a request counts in. A principal's `sub` is unique per minted token (api/auth/tokens.ts). */
export function rateLimitKey(req: Pick<FastifyRequest, 'principal' | 'ip'>): string {
  return req.principal ? `principal:${req.principal.sub}` : `address:${req.ip}`;
}

/**
 * Registers the limiter on the API's root instance and returns the hook that counts one request. The hook is
 * called where the principal is known: after token verification (api/server.ts) and, for the console, after its
 * session is read; a request is counted once however many scopes call it.
 */
export async function registerRateLimit(app: FastifyInstance, perMinute: number): Promise<RateLimitHook> {
  await app.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_req, ctx) => problems.tooManyRequests(`more than ${ctx.max} requests a minute from you; retry in ${ctx.after}`),
  });
  const limit = app.rateLimit();
  const hook: RateLimitHook = async (req, reply) => {
    if (req.routeOptions.url !== undefined && UNLIMITED_ROUTES.has(req.routeOptions.url)) return;
    await limit.call(app, req, reply);
  };
  app.decorate('principalRateLimit', hook);
  return hook;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The API's per-principal limiter (registerRateLimit), for plugins that learn the principal later (the console). */
    principalRateLimit?: RateLimitHook;
  }
}
