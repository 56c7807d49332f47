/**
 * Checks the audit store's hash chain end to end: `tsx scripts/audit-verify.ts`.
 * Uses DATABASE_URL when set, else the embedded store in DOLBOM_DATA_DIR (default <repo>/.data), which only one
 * process may open at a time: stop the worker first, or run PostgreSQL.
 * Exit code 0: chain intact. 1: chain broken (entries were changed, removed or inserted). 2: could not check.
 */
import { createAuditStore } from '../audit/audit-store';
import { migrateAuditSchema } from '../audit/schema';
import { describeAuditDb, openAuditDb, type AuditDbOptions } from '../audit/sql';
import { loadConfig } from '../platform/config';

async function main(): Promise<number> {
  const opts: AuditDbOptions = { databaseUrl: process.env.DATABASE_URL || undefined, dataDir: loadConfig().DOLBOM_DATA_DIR };
  let db;
  try {
    db = await openAuditDb(opts);
  } catch (err) {
    process.stderr.write(`could not open the audit store (${describeAuditDb(opts)}): ${(err as Error).message}\n`);
    return 2;
  }
  try {
    await migrateAuditSchema(db);
    const result = await createAuditStore(db).verifyChain();
    if (result.ok) {
      process.stdout.write(`audit chain OK: ${result.entries} entries (head ${result.headHash})\n`);
      return 0;
    }
    process.stdout.write(`audit chain BROKEN at entry seq ${result.firstTamperedSeq}: ${result.reason}\n`);
    return 1;
  } catch (err) {
    process.stderr.write(`could not verify the audit store (${describeAuditDb(opts)}): ${(err as Error).message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(2);
  },
);
