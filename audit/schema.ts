/**
 * The audit table: one row per read or write of case data, each row hash-linked to the one before it. Rows can
 * only be added; a trigger refuses UPDATE, DELETE and TRUNCATE. (A superuser can still disable triggers or drop
 * the table; the hash chain is what detects that afterwards, see audit-store.ts verifyChain.)
 */
import type { SqlDb } from './sql-db';

export const AUDIT_SCHEMA_SQL = `
create table if not exists audit_entries (
  seq bigserial primary key,
  event_id text unique not null,
  case_id text not null,
  target text not null,
  action text not null,
  access text not null check (access in ('read', 'write')),
  actor_role text not null,
  actor_id text not null,
  at timestamptz not null,
  source_ip text,
  details jsonb not null,
  prev_hash text not null,
  hash text not null,
  recorded_at timestamptz not null default now()
);
create index if not exists audit_entries_case_seq on audit_entries (case_id, seq);
create index if not exists audit_entries_actor on audit_entries (actor_id);

create or replace function audit_entries_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_entries is append-only: % is not allowed', tg_op
    using hint = 'Audit entries are never changed or removed; record a new entry instead.';
end
$$;
create or replace trigger audit_entries_no_update_delete
  before update or delete on audit_entries
  for each row execute function audit_entries_append_only();
create or replace trigger audit_entries_no_truncate
  before truncate on audit_entries
  for each statement execute function audit_entries_append_only();
`;

/**
 * Creates what is missing (idempotent). Processes starting together serialise on an advisory lock, because
 * concurrent CREATE ... IF NOT EXISTS of the same table can still collide in PostgreSQL's catalogue.
 */
export async function migrateAuditSchema(db: SqlDb): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('dolbom.audit.migrate'))`);
    await tx.exec(AUDIT_SCHEMA_SQL);
  });
}
