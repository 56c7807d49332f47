/**
 * npm run bench:api-paths -- [--requests N] [--entries N]
 *
 * Two hot paths of the API process (docs/performance.md), each before and after its issue-16 change, in one
 * run: verifying a caller's bearer token on every request (ES256 each time, against the verified-token cache,
 * api/auth/verified-token-cache.ts), and appending audit records one transaction each against one per batch
 * the audit consumer reads together (audit/audit-store.ts appendBatch, slices of APPEND_BATCH_SIZE), on
 * PGlite in memory and, when DATABASE_URL is set, on PostgreSQL. CPU is this process's (PGlite runs on its
 * own thread in it); wall time includes the database server's. Writes bench/results/api-hot-paths-latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadOrCreateLocalSigningKey, localVerifier, signLocalToken } from '../api/auth/tokens';
import { APPEND_BATCH_SIZE } from '../audit/audit-consumer';
import { createAuditStore } from '../audit/audit-store';
import { entryInput } from '../audit/audit-store.cases';
import { migrateAuditSchema } from '../audit/schema';
import { openPglite, openPostgres } from '../audit/sql';
import type { SqlDb } from '../audit/sql-db';
import { cliOptions } from '../platform/cli';

const OPTIONS = { requests: { type: 'string' }, entries: { type: 'string' } } as const;
const Args = z.object({
  requests: z.coerce.number().int().min(1).default(2000),
  entries: z.coerce.number().int().min(1).default(2000),
});
const USAGE = 'usage: npm run bench:api-paths -- [--requests N token checks (default 2000)] [--entries N audit entries (default 2000)]';

async function measure(n: number, fn: () => Promise<void>) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { perItemMs: (performance.now() - t) / n, perItemCpuMs: (used.user + used.system) / 1000 / n };
}

async function tokens(requests: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-bench-'));
  try {
    const key = await loadOrCreateLocalSigningKey(dir);
    // A caseworker's client sends its token with every request; 20 callers at once.
    const callers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signLocalToken(key, { role: 'caseworker', sub: `cw-${i}`, dongs: ['11110510'] })),
    );
    const run = (verify: (t: string) => Promise<unknown>) => async () => {
      for (let i = 0; i < requests; i++) await verify(callers[i % callers.length]!);
    };
    const every = localVerifier(key, { cacheSize: 0 });
    const cached = localVerifier(key);
    await run(every)();
    await run(cached)(); // warm-up
    return { everyRequest: await measure(requests, run(every)), cached: await measure(requests, run(cached)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function audit(db: SqlDb, entries: number) {
  const store = createAuditStore(db);
  const fresh = async () => {
    await db.exec('drop table if exists audit_entries cascade');
    await migrateAuditSchema(db);
  };
  const inputs = Array.from({ length: entries }, (_, i) => entryInput(i + 1, { caseId: `case-${i % 50}` }));
  await fresh();
  const oneByOne = await measure(entries, async () => {
    for (const e of inputs) await store.append(e);
  });
  const head = (await store.stats()).headHash;
  await fresh();
  const batched = await measure(entries, async () => {
    for (let i = 0; i < inputs.length; i += APPEND_BATCH_SIZE) await store.appendBatch(inputs.slice(i, i + APPEND_BATCH_SIZE));
  });
  const same = (await store.stats()).headHash === head && (await store.verifyChain()).ok;
  await fresh();
  return { oneByOne, batched, batchSize: APPEND_BATCH_SIZE, sameChain: same };
}

async function main(): Promise<void> {
  const { requests, entries } = cliOptions(OPTIONS, Args, USAGE);
  const results: Record<string, unknown> = { at: new Date().toISOString(), requests, entries };
  results.tokenVerification = await tokens(requests);
  const pglite = await openPglite('memory');
  try {
    results.auditAppendPglite = await audit(pglite, entries);
  } finally {
    await pglite.close();
  }
  if (process.env.DATABASE_URL) {
    const pg = openPostgres(process.env.DATABASE_URL);
    try {
      results.auditAppendPostgres = await audit(pg, entries);
    } finally {
      await pg.close();
    }
  }
  const dir = path.join(__dirname, 'results');
  fs.writeFileSync(path.join(dir, 'api-hot-paths-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
