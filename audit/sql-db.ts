/** What the audit store needs of a SQL database: PGlite (audit/pglite-worker.ts) or PostgreSQL (audit/sql.ts). */
export interface SqlExecutor {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs one or more statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDb extends SqlExecutor {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Which adapter this is, for logs and messages. */
  readonly kind: 'pglite' | 'postgres';
}
