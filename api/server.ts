/**
 * The HTTP API: Fastify with zod schemas for every request and response, an OpenAPI document generated from
 * them (browsable at /docs, raw at /openapi.json), bearer-token authentication on every case route, and
 * errors as application/problem+json.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { TokenError } from './auth/tokens';
import type { ApiContext } from './context';
import { problems, sendProblem, toProblem } from './problem';
import { registerRateLimit } from './rate-limit';
import { caseRoutes } from './routes/case-routes';
import { catalogueRoutes } from './routes/catalogue-routes';
import { healthRoutes } from './routes/health-routes';
import { noticeRoutes } from './routes/notice-routes';
import { assessorRoutes } from './routes/assessor-routes';
import { providerRoutes } from './routes/provider-routes';
import { supervisorRoutes } from './routes/supervisor-routes';

export const BODY_LIMIT_BYTES = 64 * 1024;
const PUBLIC_PREFIXES = ['/health/', '/docs', '/openapi.json', '/codec/', '/asyncapi.json'];

export interface ApiOptions {
  /** Requests a minute per principal (API_RATE_LIMIT_PER_MINUTE, api/rate-limit.ts). */
  rateLimitPerMinute: number;
  /** Extra plugins mounted as they are (the codec server, the AsyncAPI document). */
  plugins?: FastifyPluginAsync[];
}

/** The caller of a route that needs no token, when it sends a valid one anyway (the codec): counted as itself. */
async function optionalPrincipal(ctx: ApiContext, header: string | undefined) {
  if (!header?.startsWith('Bearer ')) return undefined;
  return ctx.verify(header.slice('Bearer '.length).trim()).catch(() => undefined);
}

export async function buildApi(ctx: ApiContext, opts: ApiOptions): Promise<FastifyInstance> {
  // One log line a request, when it is answered (below), instead of Fastify's two ("incoming request" and "request
  // completed"), whose hooks and writes showed in the profile at full load (docs/performance.md, 2026-12-03, midday).
  const app = Fastify({
    loggerInstance: ctx.logger.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify 5.12's place for it (the top-level `disableRequestLogging` is deprecated: FSTDEP023).
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (req, reply) => {
    reply.log.info(
      {
        req: { method: req.method, url: req.url, remoteAddress: req.ip },
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    );
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Set before any plugin is registered, so every route answers errors as problem documents (/docs's too).
  app.setErrorHandler((err, req, reply) => {
    const problem = toProblem(err);
    if (problem.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(reply, { ...problem, instance: req.url });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Dolbom API',
        version: '1.0.0',
        description: 'Dong-centred one-stop integrated care: caseworkers, supervisors, providers.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const rateLimit = await registerRateLimit(app, opts.rateLimitPerMinute);
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/console')) return; // the console signs in with a session, and counts it (console/plugin.ts)
    const header = req.headers.authorization;
    if (PUBLIC_PREFIXES.some((p) => req.url.startsWith(p))) {
      const principal = await optionalPrincipal(ctx, header);
      if (principal) req.principal = principal;
      return rateLimit(req, reply);
    }
    // A refused token is counted against the caller's address before the 401, so guessing is limited too.
    let refusal = 'send a bearer token: Authorization: Bearer <jwt> (npm run token -- --role caseworker)';
    if (header?.startsWith('Bearer ')) {
      try {
        req.principal = await ctx.verify(header.slice('Bearer '.length).trim());
      } catch (err) {
        refusal = err instanceof TokenError ? err.message : 'invalid token';
      }
    }
    await rateLimit(req, reply);
    if (!req.principal) throw problems.unauthorized(refusal);
    // Every later log line of this request (the route's, Fastify's "request completed") names who asked.
    req.log = reply.log = req.log.child({ principal: { role: req.principal.role, sub: req.principal.sub } });
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, {
      type: 'urn:dolbom:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: `no route ${req.method} ${req.url}`,
    }),
  );

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await typed.register(healthRoutes(ctx));
  await typed.register(caseRoutes(ctx));
  await typed.register(noticeRoutes(ctx));
  await typed.register(supervisorRoutes(ctx));
  await typed.register(providerRoutes(ctx));
  await typed.register(assessorRoutes(ctx));
  await typed.register(catalogueRoutes());
  for (const plugin of opts.plugins ?? []) await app.register(plugin);
  return app;
}
