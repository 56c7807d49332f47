/** GET /catalogue (issue 13 item 9): source and access of every service, and the counts, as the OpenAPI schema says. */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { catalogueRoutes } from './catalogue-routes';

test('the catalogue route lists each service with its source and access, and counts them', async () => {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.withTypeProvider<ZodTypeProvider>().register(catalogueRoutes());
  const res = await app.inject({ method: 'GET', url: '/catalogue' });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.counts).toEqual({
    total: 48,
    source: { seoulPlan: 28, statutory: 16, inferred: 4 },
    access: { referral: 44, openAccess: 4 },
  });
  expect(body.services.find((s: { code: string }) => s.code === 'MED-11')).toMatchObject({
    source: { kind: 'statutory', ref: expect.stringContaining('Art. 15(4)') },
    access: 'referral',
  });
  expect(body.services.find((s: { code: string }) => s.code === 'HLT-07')).toMatchObject({ access: 'openAccess' });
  await app.close();
});
