/**
 * The web console, served by the API process under /console: server-rendered pages (Eta templates through
 * @fastify/view) enhanced by htmx, static assets from their npm packages (@fastify/static; nothing from a
 * CDN), form bodies (@fastify/formbody), sealed sessions with CSRF tokens (session.ts), Korean first (i18n.ts).
 * Pages call the same service functions as the HTTP API (api/services/*): the same scope checks, refusals and
 * read audit, with no HTTP call from the server to itself.
 */
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import path from 'node:path';
import type { ApiContext } from '../api/context';
import { parseConsoleConfig, type ConsoleConfig } from './console-config';
import type { CaseRowCache } from '../api/services/console-caseload';
import { createCaseRowCache } from './case-row-cache';
import { problemMessage, render, SignInRequired } from './render';
import { caseRoutes } from './routes/case-routes';
import { noticeRoutes } from './routes/notice-routes';
import { caseworkerRoutes } from './routes/caseworker-routes';
import { providerRoutes } from './routes/provider-routes';
import { signInRoutes } from './routes/sign-in-routes';
import { supervisorRoutes } from './routes/supervisor-routes';
import { registerSessions } from './session';

export interface ConsoleDeps {
  ctx: ApiContext;
  dataDir: string;
  logger: Logger;
  config?: ConsoleConfig;
}

export interface ConsoleRouteDeps extends ConsoleDeps {
  config: ConsoleConfig;
  /** Caseload row facts, kept only while the live feed can say when a case changed. */
  rowCache?: CaseRowCache;
}

const nodeModule = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export function consolePlugin(deps: ConsoleDeps): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (root) => {
    const config = deps.config ?? parseConsoleConfig();
    // Case pages update live, and caseload rows are cached, only while the API has the feed of case changes.
    const feed = deps.ctx.caseEvents;
    const rowCache = feed ? createCaseRowCache() : undefined;
    if (feed && rowCache) feed.onAnyCase((caseId) => rowCache.invalidate(caseId));
    await root.register(
      async (app: FastifyInstance) => {
        await app.register(formbody);
        await registerSessions(app, config, deps.dataDir);
        // The viewer's requests count against its own principal (api/rate-limit.ts), known once the session is read.
        const rateLimit = root.principalRateLimit;
        if (rateLimit)
          app.addHook('onRequest', async (req, reply) => {
            const principal = req.session.get('principal');
            if (principal) req.principal = principal;
            await rateLimit(req, reply);
          });
        await app.register(view, {
          engine: { eta: new Eta({ views: path.join(__dirname, 'views'), cache: true, autoTrim: false }) },
          templates: path.join(__dirname, 'views'),
          production: true,
        });
        await app.register(fastifyStatic, { root: path.join(__dirname, 'public'), prefix: '/assets/', decorateReply: false });
        await app.register(fastifyStatic, {
          root: path.join(nodeModule('htmx.org'), 'dist'),
          prefix: '/assets/htmx/',
          decorateReply: false,
          allowedPath: (p) => p === '/htmx.min.js',
        });
        await app.register(fastifyStatic, {
          root: path.join(nodeModule('htmx-ext-sse'), 'dist'),
          prefix: '/assets/htmx-ext-sse/',
          decorateReply: false,
          allowedPath: (p) => p === '/sse.min.js',
        });
        await app.register(fastifyStatic, {
          root: path.join(nodeModule('uplot'), 'dist'),
          prefix: '/assets/uplot/',
          decorateReply: false,
          allowedPath: (p) => p === '/uPlot.iife.min.js' || p === '/uPlot.min.css',
        });

        app.addHook('onSend', async (_req, reply, payload) => {
          // The server's own time for this response (the console benchmark reads it: bench/console-caseload.ts).
          reply.header(
            'server-timing',
            [reply.getHeader('server-timing'), `app;dur=${reply.elapsedTime.toFixed(1)}`].filter(Boolean).join(', '),
          );
          reply.header('x-frame-options', 'DENY').header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
          reply.header(
            'content-security-policy',
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
          );
          if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('cache-control', 'no-store');
          return payload;
        });

        app.setErrorHandler(async (err, req, reply) => {
          if (err instanceof SignInRequired) {
            if (!err.expired) return reply.redirect('/console/sign-in', 303);
            return render(
              req,
              reply,
              'sign-in',
              { expired: true, identities: [], devSignIn: config.NODE_ENV !== 'production', oidc: Boolean(config.CONSOLE_OIDC_CLIENT_ID) },
              401,
            );
          }
          const code = (err as { code?: string }).code ?? '';
          if (code.startsWith('FST_CSRF')) {
            req.log.warn({ code }, 'console form refused: CSRF token missing or invalid');
            return render(
              req,
              reply,
              'error',
              {
                status: 403,
                title:
                  req.session.get('lang') === 'en'
                    ? 'The form’s security token is missing or invalid'
                    : '양식의 보안 토큰이 없거나 올바르지 않습니다',
                detail: '',
                csrfFailure: true,
              },
              403,
            );
          }
          const m = problemMessage(req, err);
          if (m.status >= 500) req.log.error({ err }, 'console request failed');
          return render(req, reply, 'error', m, m.status);
        });
        app.setNotFoundHandler(async (req, reply) =>
          render(
            req,
            reply,
            'error',
            { status: 404, title: req.session.get('lang') === 'en' ? 'Page not found' : '페이지를 찾을 수 없습니다' },
            404,
          ),
        );

        const routeDeps: ConsoleRouteDeps = { ...deps, config, ...(rowCache ? { rowCache } : {}) };
        await app.register(signInRoutes(routeDeps));
        await app.register(caseworkerRoutes(routeDeps));
        await app.register(caseRoutes(routeDeps));
        await app.register(noticeRoutes(routeDeps));
        await app.register(providerRoutes(routeDeps));
        await app.register(supervisorRoutes(routeDeps));
      },
      { prefix: '/console' },
    );
  };
  return plugin;
}
