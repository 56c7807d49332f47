/**
 * The HTTP API for integration tests: built on the real Temporal server and Kafka, with a local signing key in
 * a temporary folder and tokens for each role.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../api/context';
import { createWorkflowRuns } from '../../api/workflow-runs';
import type { Logger } from 'pino';
import { createReadAuditor } from '../../api/audit-reads';
import { startCaseEventFeed } from '../../api/case-event-feed';
import { createWriteAuditor } from '../../api/audit-writes';
import { startAuditConsumer } from '../../audit/audit-consumer';
import { createAuditStore } from '../../audit/audit-store';
import { migrateAuditSchema } from '../../audit/schema';
import { openPglite } from '../../audit/sql';
import { startListingConsumer } from '../../listing/listing-consumer';
import { createListingStore } from '../../listing/listing-store';
import { prepareListingSchema } from '../../listing/listing-schema';
import { uniqueId } from './ids';
import { testAuditSealer, testCodec } from './test-codec';
import { createCaseReadModel } from '../../api/case-read-model';
import type { Principal } from '../../api/auth/principal';
import { loadOrCreateLocalSigningKey, localVerifier, signLocalToken, type LocalSigningKey } from '../../api/auth/tokens';
import { buildApi } from '../../api/server';
import { parseConfig } from '../../platform/config';
import { resolvePolicy, type PolicyOverrides } from '../../domain/policy';
import { testLogger, type TestKafka } from './kafka';
import type { RealTemporal } from './real-temporal';

export interface TestApi {
  app: FastifyInstance;
  ctx: ApiContext;
  close(): Promise<void>;
  key: LocalSigningKey;
  token(p: Principal, ttlSeconds?: number): Promise<string>;
}

export async function createTestApi(
  temporal: RealTemporal,
  kafka: TestKafka,
  opts: {
    logger?: Logger;
    workerTimeoutMs?: number;
    rateLimitPerMinute?: number;
    /** Readiness probes instead of the suite's Temporal and Kafka (e.g. clients of a closed port). */
    probes?: ApiContext['probes'];
    /** Plugins mounted on the API, built on its context (the console). */
    plugins?: (ctx: ApiContext) => FastifyPluginAsync[];
    /** The feed of case changes (api/case-event-feed.ts), for live streams, and the read model it fills. */
    caseEvents?: boolean;
    /** The read model's TTL (default: the configuration's). */
    readModelTtlMs?: number;
    /** The overrides the API resolves a new case's policy from (the worker's are the harness's own). */
    policyOverrides?: PolicyOverrides;
  } = {},
): Promise<TestApi> {
  const logger = opts.logger ?? testLogger;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-api-'));
  const key = await loadOrCreateLocalSigningKey(dir);
  const auditDb = await openPglite('memory');
  await migrateAuditSchema(auditDb);
  const auditStore = createAuditStore(auditDb);
  const consumer = await startAuditConsumer({
    kafka: kafka.kafka,
    topics: kafka.topics,
    store: auditStore,
    sealer: testAuditSealer,
    logger: testLogger,
    groupId: uniqueId('audit'),
    onConsumerFatal: (err) => testLogger.error({ err }, 'test audit consumer crashed'),
  });
  // The lists read the listing projection, kept from this test's case-events topic (listing/).
  await prepareListingSchema(auditDb);
  const listings = createListingStore(auditDb);
  const listingConsumer = await startListingConsumer({
    kafka: kafka.kafka,
    topics: kafka.topics,
    store: listings,
    logger: testLogger,
    groupId: uniqueId('listings'),
    onConsumerFatal: (err) => testLogger.error({ err }, 'test listing consumer crashed'),
  });
  const caseEvents = opts.caseEvents
    ? await startCaseEventFeed({
        kafka: kafka.kafka,
        topics: kafka.topics,
        logger: testLogger,
        codec: testCodec,
        readModel: createCaseReadModel({
          codec: testCodec,
          ttlMs: opts.readModelTtlMs ?? parseConfig(process.env).API_READ_MODEL_TTL_MS,
          maxCases: parseConfig(process.env).API_READ_MODEL_MAX_CASES,
        }),
      })
    : undefined;
  const ctx: ApiContext = {
    auditStore,
    listings,
    ...(caseEvents ? { caseEvents } : {}),
    client: temporal.client,
    runs: createWorkflowRuns(temporal.client, { logger }),
    taskQueue: temporal.taskQueue,
    districtPolicy: (districtCode) => resolvePolicy(districtCode, opts.policyOverrides ?? {}),
    workerTimeoutMs: opts.workerTimeoutMs ?? 5000,
    verify: localVerifier(key),
    logger,
    pseudonymize: (rrn) => createHmac('sha256', 'test-secret').update(rrn.replace(/\D/g, '')).digest('hex').slice(0, 20),
    recordRead: createReadAuditor(kafka.producer, kafka.topics, testAuditSealer),
    recordWrite: createWriteAuditor(kafka.producer, kafka.topics, testAuditSealer),
    probes: opts.probes ?? {
      temporal: async () => void (await temporal.client.workflowService.getSystemInfo({})),
      kafka: async () => {
        const admin = kafka.kafka.admin();
        await admin.connect();
        await admin.describeCluster();
        await admin.disconnect();
      },
    },
  };
  const app = await buildApi(ctx, {
    rateLimitPerMinute: opts.rateLimitPerMinute ?? parseConfig(process.env).API_RATE_LIMIT_PER_MINUTE,
    plugins: opts.plugins?.(ctx) ?? [],
  });
  await app.ready();
  return {
    app,
    ctx,
    key,
    token: (p, ttl) => signLocalToken(key, p, ttl),
    async close() {
      await app.close();
      await caseEvents?.stop();
      await consumer.stop();
      await listingConsumer.stop();
      await auditDb.close();
    },
  };
}
