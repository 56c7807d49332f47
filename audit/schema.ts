/**
 * The audit table: one row per read or write of case data, each row hash-linked to the one before it. Rows can
 * only be added; a trigger refuses UPDATE, DELETE and TRUNCATE. On PostgreSQL an owner role creates all this and
 * the application's role is granted INSERT and SELECT only, so it can neither disable the triggers nor drop or
 * recreate the table (infra/postgres-up.sh creates both roles). The owner (or a superuser) still can: the hash
 * chain and the signed checkpoints detect that afterwards (audit/verify.ts).
 */
import type { SqlDb, SqlExecutor } from './sql-db';

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

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Grants the application's role INSERT and SELECT on the audit table (and its seq), nothing more. */
export async function grantAuditAppRole(owner: SqlDb, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`the application's database role "${role}" is not a plain role name`);
  await owner.exec(`
    revoke all on audit_entries from ${role};
    grant select, insert on audit_entries to ${role};
    grant usage on sequence audit_entries_seq_seq to ${role};`);
}

export async function auditTableExists(db: SqlExecutor): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>(`select to_regclass('audit_entries')::text as t`);
  return rows[0]?.t != null;
}

/**
 * At start: with the owner's connection, creates what is missing and grants the application's role; without it,
 * only checks the table is there, creating it only where the application's own connection may (PGlite, or a
 * PostgreSQL role that owns the schema: then the message says so).
 */
export async function prepareAuditSchema(db: SqlDb, owner?: { db: SqlDb; appRole: string }): Promise<void> {
  if (owner) {
    await migrateAuditSchema(owner.db);
    await grantAuditAppRole(owner.db, owner.appRole);
    return;
  }
  if (await auditTableExists(db)) return;
  try {
    await migrateAuditSchema(db);
  } catch (err) {
    throw new Error(
      `the audit table does not exist and this role cannot create it (${(err as Error).message}); set DATABASE_OWNER_URL to the owner role's URL (infra/postgres-up.sh prints it)`,
    );
  }
}

/** The roles infra/postgres-up.sh creates (infra/postgres/env.sh); tests set up their databases the same way. */
export const AUDIT_FIXTURE_ROLES = { owner: 'dolbom_owner', app: 'dolbom_app' } as const;
