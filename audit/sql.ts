/**
 * The small SQL interface the audit store needs, with two adapters speaking the same PostgreSQL dialect:
 * PGlite (PostgreSQL compiled to WebAssembly, embedded in the process: the default, no server to run) and a
 * real PostgreSQL server through a `pg` pool (set DATABASE_URL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { startPgliteWorker } from './pglite-worker';
import type { SqlDb, SqlExecutor } from './sql-db';

/**
 * PGlite (on its own thread, see pglite-worker.ts) in a folder, or in memory for tests. Only one process may
 * open a PGlite folder at a time (PGlite does not lock it itself, and two writers would corrupt it), so a lock
 * file beside the folder names the holder.
 */
export async function openPglite(dir: string | 'memory'): Promise<SqlDb> {
  if (dir === 'memory') return startPgliteWorker();
  const releaseLock = acquireFolderLock(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // A new folder is made (initdb) on a thread of its own that then ends: the memory initdb takes (some 460 MiB
    // more than opening a made folder, measured in docs/performance.md) leaves with that thread.
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await (await startPgliteWorker(path.resolve(dir))).close();
    const db = await startPgliteWorker(path.resolve(dir));
    return { ...db, close: () => db.close().finally(releaseLock) };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

function acquireFolderLock(dir: string): () => void {
  const lockPath = `${path.resolve(dir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (processAlive(holder)) {
        throw new Error(
          `The embedded audit store ${dir} is already open in process ${holder}${holder === process.pid ? ' (this one)' : ''}. Only one process may use it: stop that ` +
            'process first, or run PostgreSQL (bash infra/postgres-up.sh) and set DATABASE_URL so several can share it.',
        );
      }
      // Left by a process that ended without closing the store.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock the embedded audit store ${dir} (${lockPath} keeps reappearing)`);
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A PostgreSQL server, e.g. `postgres://postgres@127.0.0.1:5433/dolbom` (infra/postgres-up.sh prints it). */
export function openPostgres(url: string, opts: { max?: number } = {}): SqlDb {
  const pool = new Pool({ connectionString: url, max: opts.max ?? 5 });
  // An idle connection that drops is removed from the pool; the next query opens a new one or reports the error.
  pool.on('error', () => {});
  const executor = (x: Pool | PoolClient): SqlExecutor => ({
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await x.query(sql, params)).rows as T[] }),
    exec: async (sql: string) => {
      await x.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...executor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a connection the server drops between two queries (a restart)
      // emits 'error' on it, which unheard would end the process. It is noted, the transaction's next query fails,
      // and the client is destroyed on release rather than pooled again (the cluster's PostgreSQL fault, docs/cluster.md).
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await fn(executor(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch((rollbackErr: Error) => {
          broken ??= rollbackErr;
        });
        throw err;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

export interface AuditDbOptions {
  /** A PostgreSQL URL; without it the embedded PGlite store is used. */
  databaseUrl?: string;
  /** DOLBOM_DATA_DIR: the embedded store lives in `<dataDir>/audit`. */
  dataDir: string;
}

/** Opens the configured audit database: PostgreSQL when a URL is given, else PGlite in the data folder. */
export async function openAuditDb(opts: AuditDbOptions): Promise<SqlDb> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(path.join(opts.dataDir, 'audit'));
}

/** Where a store lives, for messages; the password of a URL is never shown. */
export function describeAuditDb(opts: AuditDbOptions): string {
  if (!opts.databaseUrl) return `embedded PGlite in ${path.join(opts.dataDir, 'audit')}`;
  try {
    const u = new URL(opts.databaseUrl);
    if (u.password) u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a valid URL)';
  }
}
