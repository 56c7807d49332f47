/**
 * The service catalogue (domain/catalogue): every service with where it comes from (Seoul plan, statute with its
 * article, or inferred) and how a person gets it (a provider's decision, or open access: information given in the
 * plan, no referral), with the counts the README states. Read-only; any signed-in role.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SERVICE_ACCESS, SERVICE_CATALOGUE, SERVICE_SOURCES, ServiceSchema } from '../../domain/catalogue/catalogue';

const countBy = <K extends string>(keys: readonly K[], of: (s: (typeof SERVICE_CATALOGUE)[number]) => K) =>
  Object.fromEntries(keys.map((k) => [k, SERVICE_CATALOGUE.filter((s) => of(s) === k).length])) as Record<K, number>;

const CatalogueResponse = z.object({
  services: z.array(ServiceSchema),
  counts: z.object({
    total: z.int(),
    source: z.record(z.enum(SERVICE_SOURCES), z.int()),
    access: z.record(z.enum(SERVICE_ACCESS), z.int()),
  }),
});

export const catalogueRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get('/catalogue', {
    schema: {
      tags: ['catalogue'],
      summary:
        'The service catalogue: each service with its source (seoulPlan, statutory with the article, inferred) and access (referral, or openAccess: information given, no referral)',
      response: { 200: CatalogueResponse },
    },
    handler: async () => ({
      services: [...SERVICE_CATALOGUE],
      counts: {
        total: SERVICE_CATALOGUE.length,
        source: countBy(SERVICE_SOURCES, (s) => s.source.kind),
        access: countBy(SERVICE_ACCESS, (s) => s.access),
      },
    }),
  });
};
