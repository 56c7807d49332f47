/**
 * Checks the audit store end to end: `npm run audit:verify`. The hash chain link by link, then the store against
 * the newest signed checkpoint (audit/checkpoints.ts), so cut-off newest entries, a dropped table and a history
 * rewritten with valid hashes show too. Uses DATABASE_URL when set, else the embedded store in DOLBOM_DATA_DIR,
 * which only one process may open at a time: stop the API first, or run PostgreSQL. It never creates the table.
 * Prints the verdict (intact, altered, truncated, dropped, rewritten, checkpoints-tampered).
 * Exit code 0: intact. 1: a verdict other than intact. 2: could not check.
 */
import { createAuditStore } from '../audit/audit-store';
import { auditCheckpointFile, readCheckpoints, resolveCheckpointKey } from '../audit/checkpoints';
import { describeAuditDb, openAuditDb, type AuditDbOptions } from '../audit/sql';
import { verifyAuditStore } from '../audit/verify';
import { loadConfig } from '../platform/config';

async function main(): Promise<number> {
  const config = loadConfig();
  const opts: AuditDbOptions = { databaseUrl: config.DATABASE_URL, dataDir: config.DOLBOM_DATA_DIR };
  const key = await resolveCheckpointKey({
    env: process.env,
    dataDir: config.DOLBOM_DATA_DIR,
    production: config.NODE_ENV === 'production',
  });
  let db;
  try {
    db = await openAuditDb(opts);
  } catch (err) {
    process.stderr.write(`could not open the audit store (${describeAuditDb(opts)}): ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const checkpoints = await readCheckpoints(auditCheckpointFile(config), key);
    const result = await verifyAuditStore(db, createAuditStore(db), checkpoints);
    for (const w of result.warnings) process.stdout.write(`warning: ${w}\n`);
    process.stdout.write(`audit store ${result.verdict.toUpperCase()}: ${result.detail}\n`);
    return result.verdict === 'intact' ? 0 : 1;
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
