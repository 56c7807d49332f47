/**
 * Configuration from environment variables, validated once at start. A wrong value stops the process with a
 * message naming the variable. Defaults point at the embedded local servers that `npm start` runs.
 */
import path from 'node:path';
import { z } from 'zod';
import { PROVIDER_RESPONSES_PARTITIONS } from '../events/topics';

const hostPort = z.string().regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port');
const port = z.coerce.number().int().min(1).max(65535);
/** 'true' or 'false' (z.coerce.boolean would read 'false' as true). */
const flag = z.enum(['true', 'false']).transform((s) => s === 'true');

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty', 'auto']).default('auto'),
    DOLBOM_DATA_DIR: z
      .string()
      .min(1)
      .default(path.resolve(__dirname, '..', '.data')),

    TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('dolbom-cases'),
    TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
    /** TLS to the Temporal frontend (platform/temporal-connection.ts): a CA to trust (PEM file), and for mTLS a
     * client certificate and key (PEM files); or an API key (Temporal Cloud), which implies TLS. */
    TEMPORAL_TLS: flag.default(false),
    TEMPORAL_TLS_CA: z.string().min(1).optional(),
    TEMPORAL_TLS_CERT: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** Workflows kept in the worker's cache. Cases stay open for years, so the SDK's memory-based default
     * (thousands) would let the worker grow without bound; evicted ones are replayed when they next wake. */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(10).max(100000).default(200),
    /** Threads running workflow code (the SDK's workflowThreadPoolSize): queries and workflow tasks of different
     * workflows run side by side, each thread with its own copy of the bundle (docs/performance.md). */
    WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(8).default(1),

    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform((s) =>
        s
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .pipe(z.array(hostPort).min(1, 'at least one broker')),
    KAFKA_CLIENT_ID: z.string().min(1).default('dolbom'),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, . _ - only')
      .default('dolbom.'),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
    /** TLS to the brokers (the local broker speaks SASL_SSL only: infra/kafka/server.properties.template). */
    KAFKA_SSL: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** A PEM file with the CA that signed the brokers' certificates; without it, the system's CAs. */
    KAFKA_SSL_CA: z.string().min(1).optional(),
    /** SASL: the process's own principal (each Dolbom process has one with only the rights it uses). */
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),

    /** Per-district operating policy, JSON: {"11680": {"providerDecisionBusinessDays": 2}, "*": {...}}. */
    DOLBOM_POLICY_OVERRIDES: z
      .string()
      .default('{}')
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as Record<string, Record<string, unknown>>;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
          return z.NEVER;
        }
      }),

    /** Production: verify tokens against an OIDC issuer's JWKS instead of the local signing key. */
    OIDC_ISSUER: z.url().optional(),
    OIDC_JWKS_URL: z.url().optional(),
    /** PostgreSQL for the audit store; without it, an embedded PGlite database in the data folder. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgres://...')
      .optional(),
    /** The owner role's URL, used only to create the audit schema and grant the application's role (the role of
     * DATABASE_URL) INSERT and SELECT; without it the schema must exist already, or DATABASE_URL's role creates it. */
    DATABASE_OWNER_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgres://...')
      .optional(),
    /** Signed checkpoints of the audit chain's head (audit/checkpoints.ts): where (default
     * <data>/audit-checkpoints.jsonl; keep it on other storage than the database) and how often. */
    AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),

    /** Production refuses unsafe settings (platform/production-safety.ts) unless this names each one, e.g.
     * kafka-plaintext,temporal-plaintext; every name is logged with a warning at start. */
    DOLBOM_ALLOW_INSECURE: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      ),

    /** Fault injection for `npm run test:faults` only: the bridge kills itself (SIGKILL) after applying its n-th
     * message and before committing its offset. Refused in production. */
    FAULT_BRIDGE_CRASH_AFTER: z.coerce.number().int().min(1).optional(),
    /** Fault injection: the bridge's consumer crashes for good (a non-retriable error) after its n-th message. */
    FAULT_BRIDGE_CONSUMER_CRASH_AFTER: z.coerce.number().int().min(1).optional(),

    /**
     * Consumers of the provider responses in one bridge process, in one group: kafkajs fetches for a consumer again
     * only once every batch of its last fetch was handled (node_modules/kafkajs/src/consumer/fetcher.js), and a
     * batch waits for its referrals' updates, so a response waits behind the other partitions of its consumer only.
     * The default gives each consumer one partition of the shared responses topic: a response waits only for the
     * batch of its own partition (docs/performance.md, 2026-12-02 midday).
     */
    BRIDGE_CONSUMERS: z.coerce.number().int().min(1).max(12).default(PROVIDER_RESPONSES_PARTITIONS),
    /** The bridge's health endpoints (consumer state and lag), read by `npm run status`. */
    BRIDGE_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
    BRIDGE_HEALTH_PORT: port.default(8091),

    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(8080),
    /** Reads and actions that need the worker answer 503 after this long when it is not there (fail fast). */
    API_WORKER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(5000),
    /** Requests a minute per principal (a token's `sub`, a console session's principal; an unauthenticated caller by
     * its address) before 429 (api/rate-limit.ts). The default is 20 a second sustained: no person at the console
     * comes near it, while the benchmark's fastest polls do (bench/run.ts says to raise it). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
    /** How long the read model serves a case after its last state came (api/case-read-model.ts); then Temporal is
     * asked. 0 serves nothing from it (the live streams still follow the states). */
    API_READ_MODEL_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    /** How many cases' states the read model keeps (the least recently changed go first). */
    API_READ_MODEL_MAX_CASES: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  })
  .refine((c) => (c.OIDC_ISSUER === undefined) === (c.OIDC_JWKS_URL === undefined), {
    path: ['OIDC_JWKS_URL'],
    message: 'OIDC_ISSUER and OIDC_JWKS_URL go together',
  })
  .refine((c) => (c.KAFKA_SASL_MECHANISM === undefined) === (c.KAFKA_SASL_USERNAME === undefined), {
    path: ['KAFKA_SASL_USERNAME'],
    message: 'KAFKA_SASL_MECHANISM and KAFKA_SASL_USERNAME go together',
  })
  .refine((c) => (c.KAFKA_SASL_USERNAME === undefined) === (c.KAFKA_SASL_PASSWORD === undefined), {
    path: ['KAFKA_SASL_PASSWORD'],
    message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD go together',
  })
  .refine((c) => c.KAFKA_SSL || c.KAFKA_SSL_CA === undefined, {
    path: ['KAFKA_SSL_CA'],
    message: 'KAFKA_SSL_CA needs KAFKA_SSL=true',
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.FAULT_BRIDGE_CRASH_AFTER === undefined, {
    path: ['FAULT_BRIDGE_CRASH_AFTER'],
    message: 'fault injection is for test runs only',
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.FAULT_BRIDGE_CONSUMER_CRASH_AFTER === undefined, {
    path: ['FAULT_BRIDGE_CONSUMER_CRASH_AFTER'],
    message: 'fault injection is for test runs only',
  })
  .refine((c) => (c.TEMPORAL_TLS_CERT === undefined) === (c.TEMPORAL_TLS_KEY === undefined), {
    path: ['TEMPORAL_TLS_KEY'],
    message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS)',
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.OIDC_ISSUER !== undefined, {
    path: ['OIDC_ISSUER'],
    message: 'production verifies tokens from an OIDC issuer',
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError whose message names every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process-wide configuration. On a bad value it prints the problem and exits: fail fast, at start. */
export function loadConfig(): Config {
  if (cached) return cached;
  try {
    cached = parseConfig();
    return cached;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
