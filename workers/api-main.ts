/**
 * The API process: the HTTP API for caseworkers, supervisors and providers, the codec endpoint for the
 * Temporal Web UI, and the AsyncAPI document of the event contract.
 */
import { connectTemporalClient } from '../platform/temporal-connection';
import { Client } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { createReadAuditor } from '../api/audit-reads';
import { createWriteAuditor } from '../api/audit-writes';
import { startAuditConsumer } from '../audit/audit-consumer';
import { startListingConsumer } from '../listing/listing-consumer';
import { CONSUMER_GROUPS } from '../events/kafka-acls';
import { createListingStore } from '../listing/listing-store';
import { prepareListingSchema } from '../listing/listing-schema';
import { createAuditStore } from '../audit/audit-store';
import { auditCheckpointFile, resolveCheckpointKey, startCheckpointer } from '../audit/checkpoints';
import { prepareAuditSchema } from '../audit/schema';
import { describeAuditDb, openAuditDb, openPostgres } from '../audit/sql';
import type { SqlDb } from '../audit/sql-db';
import type { Config } from '../platform/config';
import { loadOrCreateLocalSigningKey, localVerifier, oidcVerifier } from '../api/auth/tokens';
import type { ApiContext } from '../api/context';
import { createWorkflowRuns } from '../api/workflow-runs';
import { codecAuditor, codecAuthorizer } from '../api/codec-access';
import { buildApi } from '../api/server';
import { startCaseEventFeed } from '../api/case-event-feed';
import { createCaseReadModel } from '../api/case-read-model';
import { consolePlugin } from '../console/plugin';
import { bootstrap, onShutdown } from '../platform/bootstrap';
import { createDataConverter } from '../platform/data-converter';
import { createDurableProducer } from '../platform/durable-producer';
import { policyOverrides } from '../platform/policy-overrides';
import { resolvePolicy } from '../domain/policy';
import { consumerReadiness } from '../platform/health-server';
import { createAuditSealer } from '../privacy/audit-seal';
import { codecServerRoutes } from '../privacy/codec-server';
import { pseudonymousId, resolvePseudonymSecret } from '../privacy/pseudonym';

/** The owner role (DATABASE_OWNER_URL) creates the schema and grants DATABASE_URL's role; its connection closes at once. */
async function prepareSchemasAsOwner(db: SqlDb, config: Config): Promise<void> {
  if (!config.DATABASE_OWNER_URL || !config.DATABASE_URL) {
    await prepareAuditSchema(db);
    return prepareListingSchema(db);
  }
  const owner = openPostgres(config.DATABASE_OWNER_URL, { max: 1 });
  try {
    const asOwner = { db: owner, appRole: decodeURIComponent(new URL(config.DATABASE_URL).username) };
    await prepareAuditSchema(db, asOwner);
    await prepareListingSchema(db, asOwner);
  } finally {
    await owner.close();
  }
}

async function main(): Promise<void> {
  const { config, logger, kafka, topics } = await bootstrap('api');
  const production = config.NODE_ENV === 'production';
  const overrides = policyOverrides(config, logger);
  const { dataConverter, codec, keyring } = createDataConverter(config);
  const auditSealer = createAuditSealer(keyring);
  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const verify = config.OIDC_ISSUER
    ? oidcVerifier(config.OIDC_ISSUER, config.OIDC_JWKS_URL!)
    : localVerifier(await loadOrCreateLocalSigningKey(config.DOLBOM_DATA_DIR));
  const secret = resolvePseudonymSecret({ env: process.env, dataDir: config.DOLBOM_DATA_DIR, production });
  const recordRead = createReadAuditor(producer, topics, auditSealer);
  const admin = kafka.admin();
  await admin.connect();
  // The audit store is fed from the audit stream; it lives with the API, which serves access reports from it.
  const auditDb = await openAuditDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DOLBOM_DATA_DIR });
  await prepareSchemasAsOwner(auditDb, config);
  const auditStore = createAuditStore(auditDb);
  const checkpointer = startCheckpointer({
    store: auditStore,
    key: await resolveCheckpointKey({ env: process.env, dataDir: config.DOLBOM_DATA_DIR, production }),
    file: auditCheckpointFile(config),
    intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
    logger,
  });
  const auditConsumer = await startAuditConsumer({
    kafka,
    topics,
    store: auditStore,
    sealer: auditSealer,
    logger,
    groupId: `${config.KAFKA_TOPIC_PREFIX}audit-store`,
  });
  logger.info(
    { store: describeAuditDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DOLBOM_DATA_DIR }) },
    'audit store consuming the audit stream',
  );

  // The lists (caseload, queues, provider lists) read the listing projection, kept in the same database.
  const listings = createListingStore(auditDb);
  const listingConsumer = await startListingConsumer({
    kafka,
    topics,
    store: listings,
    logger,
    groupId: CONSUMER_GROUPS.apiListings(config.KAFKA_TOPIC_PREFIX),
  });

  // Case pages in the console and API clients' event streams are told when a case changes; reads of a case that
  // changed lately are answered from its state as the case handed it over (api/case-read-model.ts).
  const readModel = createCaseReadModel({ codec, ttlMs: config.API_READ_MODEL_TTL_MS, maxCases: config.API_READ_MODEL_MAX_CASES });
  const caseEvents = await startCaseEventFeed({ kafka, topics, logger, readModel, codec });

  const asyncApi: FastifyPluginAsync = async (app) => {
    const doc = fs.readFileSync(path.resolve(__dirname, '..', 'events', 'asyncapi', 'asyncapi.json'), 'utf8');
    app.get('/asyncapi.json', async (_req, reply) => reply.type('application/json').send(doc));
  };

  const uiOrigin = new URL(config.TEMPORAL_UI_URL).origin;
  const ctx: ApiContext = {
    client,
    runs: createWorkflowRuns(client, { logger }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    districtPolicy: (districtCode) => resolvePolicy(districtCode, overrides),
    workerTimeoutMs: config.API_WORKER_TIMEOUT_MS,
    verify,
    logger,
    pseudonymize: (rrn) => pseudonymousId(rrn, secret),
    recordRead,
    recordWrite: createWriteAuditor(producer, topics, auditSealer),
    auditStore,
    listings,
    caseEvents,
    consumerStatus: () => consumerReadiness([auditConsumer.health, listingConsumer.health], admin),
    probes: {
      store: async () => void (await auditDb.query('select 1')),
      temporal: async () => void (await client.workflowService.getSystemInfo({})),
      kafka: async () => void (await admin.describeCluster()),
    },
  };
  const app = await buildApi(ctx, {
    rateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
    plugins: [
      codecServerRoutes({
        codec,
        authorize: codecAuthorizer({ verify, production, uiOrigin }),
        audit: codecAuditor(recordRead),
        uiOrigin,
      }),
      asyncApi,
      consolePlugin({ ctx, dataDir: config.DOLBOM_DATA_DIR, logger }),
    ],
  });
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
  logger.info(
    { url: `http://${config.API_HOST}:${config.API_PORT}`, docs: `http://${config.API_HOST}:${config.API_PORT}/docs` },
    'API listening',
  );
  onShutdown(logger, async () => {
    await app.close();
    await caseEvents.stop();
    await auditConsumer.stop();
    await listingConsumer.stop();
    await checkpointer.stop();
    await auditDb.close();
    await admin.disconnect();
    await producer.disconnect();
    await connection.close();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
