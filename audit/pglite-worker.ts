/**
 * PGlite in a worker thread. PGlite runs PostgreSQL as WebAssembly and each query is synchronous CPU work, so
 * on its own thread it never stalls the process's event loop (Kafka heartbeats, HTTP requests). The thread also
 * loads PGlite outside Jest's module sandbox, where PGlite's start-up (dynamic import()) fails
 * (electric-sql/pglite#224).
 *
 * PGlite has one session, so every operation is sent one at a time; a transaction holds that turn from BEGIN to
 * COMMIT. Inside `transaction(fn)`, use the `tx` it passes: calling the db itself there would wait forever.
 */
import { Worker } from 'node:worker_threads';
import type { SqlDb, SqlExecutor } from './sql-db';

/** Plain CommonJS, evaluated as is: no TypeScript transform reaches a worker thread. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const opened = PGlite.create(workerData.dataDir);
opened.then(
  () => parentPort.postMessage({ id: 0 }),
  (err) => parentPort.postMessage({ id: 0, error: describe(err) }),
);
function describe(err) {
  return { message: String((err && err.message) || err), code: err && err.code, detail: err && err.detail, hint: err && err.hint };
}
parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    const db = await opened;
    if (op === 'query') return parentPort.postMessage({ id, rows: (await db.query(sql, params)).rows });
    if (op === 'exec') await db.exec(sql);
    else if (op === 'close') await db.close();
    parentPort.postMessage({ id });
  } catch (err) {
    parentPort.postMessage({ id, error: describe(err) });
  }
});
`;

interface Reply {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string; detail?: string; hint?: string };
}

/** Starts PGlite on its own thread, with its data in `dataDir`, or in memory when none is given. */
export async function startPgliteWorker(dataDir?: string): Promise<SqlDb> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pglitePath: require.resolve('@electric-sql/pglite'), dataDir },
  });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let stopped: Error | undefined;

  const failAll = (err: Error) => {
    stopped ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.error) p.reject(Object.assign(new Error(reply.error.message), reply.error));
    else p.resolve(reply.rows ?? []);
  });
  worker.on('error', (err) => failAll(new Error(`the PGlite thread failed: ${err.message}`)));
  worker.on('exit', (code) => failAll(new Error(`the PGlite thread has stopped (exit code ${code})`)));

  const call = (op: 'ready' | 'query' | 'exec' | 'close', sql?: string, params?: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = op === 'ready' ? 0 : nextId++;
      pending.set(id, { resolve, reject });
      if (op !== 'ready') worker.postMessage({ id, op, sql, params });
    });

  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn, fn);
    turn = run.catch(() => {});
    return run;
  };
  const direct: SqlExecutor = {
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await call('query', sql, params ?? [])) as T[] }),
    exec: async (sql: string) => {
      await call('exec', sql);
    },
  };

  try {
    await call('ready');
  } catch (err) {
    await worker.terminate();
    throw err;
  }

  return {
    kind: 'pglite',
    query: (sql, params) => inTurn(() => direct.query(sql, params)),
    exec: (sql) => inTurn(() => direct.exec(sql)),
    transaction: (fn) =>
      inTurn(async () => {
        await direct.exec('begin');
        try {
          const result = await fn(direct);
          await direct.exec('commit');
          return result;
        } catch (err) {
          await direct.exec('rollback').catch(() => {});
          throw err;
        }
      }),
    close: () =>
      inTurn(async () => {
        try {
          if (!stopped) await call('close');
        } finally {
          await worker.terminate();
        }
      }),
  };
}
