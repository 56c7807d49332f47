/** Liveness (the process answers) and readiness (Temporal, Kafka and the store reachable). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../context';

export const healthRoutes =
  (ctx: ApiContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/health/live', { schema: { tags: ['health'], summary: 'The API process answers' } }, async () => ({ status: 'ok' }));
    app.get('/health/ready', {
      schema: {
        tags: ['health'],
        summary: 'Temporal, Kafka and the audit store are reachable, and the Kafka consumers are in their groups (with lag)',
      },
      handler: async (_req, reply) => {
        const checks: Record<string, string> = {};
        await Promise.all(
          Object.entries(ctx.probes).map(async ([name, probe]) => {
            const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000));
            // The cause is logged, never answered: internal error text tells a caller about the infrastructure (issue 14).
            checks[name] = await Promise.race([probe(), timeout]).then(
              () => 'ok',
              (err: unknown) => {
                ctx.logger.warn({ err, dependency: name }, 'readiness probe failed');
                return 'unavailable';
              },
            );
          }),
        );
        const consumers = await ctx.consumerStatus?.();
        const ready = Object.values(checks).every((c) => c === 'ok') && (consumers?.ready ?? true);
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not ready', checks, ...(consumers ? { consumers: consumers.consumers } : {}) });
      },
    });
  };
