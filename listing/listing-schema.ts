/**
 * The listing projection's two tables (listing/listing-store.ts), in the API's database beside the audit table:
 * one row a case, one a referral, each replaced by a newer one (docs/performance.md, 2026-12-04 morning). Unlike
 * the append-only audit table (audit/schema.ts) rows are replaced, so on PostgreSQL the application's role is
 * granted UPDATE as well as INSERT and SELECT; never DELETE, TRUNCATE or DDL, which stay the owner's.
 */
import type { SqlDb, SqlExecutor } from '../audit/sql-db';

/**
 * Timestamps are timestamptz, so rows compare and sort as instants whatever offset their events were written
 * with (a case opened at 09:00+09:00 is the same instant as 00:00Z). No foreign key from a referral to its case:
 * the projection takes rows in whatever order the consumer gets them, and a referral's row may come first.
 */
export const LISTING_SCHEMA_SQL = `
create table if not exists case_listing (
  case_id text primary key,
  opened timestamptz not null,
  seq integer not null,
  status text not null,
  district_code text not null,
  dong_code text not null,
  assigned_caseworker_id text,
  overdue boolean not null,
  escalation_open boolean not null,
  deadline timestamptz,
  updated_at timestamptz not null default now()
);
create index if not exists case_listing_dong_status on case_listing (dong_code, status);
create index if not exists case_listing_district_status on case_listing (district_code, status);
create index if not exists case_listing_caseworker on case_listing (assigned_caseworker_id) where assigned_caseworker_id is not null;

create table if not exists referral_listing (
  referral_id text primary key,
  case_id text not null,
  seq integer not null,
  status text not null,
  provider_id text,
  escalated boolean not null,
  respond_by timestamptz,
  service_code text not null,
  created_at timestamptz not null
);
create index if not exists referral_listing_provider_status on referral_listing (provider_id, status, created_at);
create index if not exists referral_listing_case on referral_listing (case_id);
`;

export const LISTING_TABLES = ['case_listing', 'referral_listing'] as const;

/**
 * Creates what is missing (idempotent). Processes starting together serialise on an advisory lock of their own
 * (not the audit one: the two schemas are prepared independently), because concurrent CREATE ... IF NOT EXISTS
 * of the same table can still collide in PostgreSQL's catalogue.
 */
export async function migrateListingSchema(db: SqlDb): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('dolbom.listing.migrate'))`);
    await tx.exec(LISTING_SCHEMA_SQL);
  });
}

/** A role name is written into the GRANT (it cannot be a bind parameter), so only a plain one is accepted. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Grants the application's role SELECT, INSERT and UPDATE on both tables (an upsert needs all three), nothing more. */
export async function grantListingAppRole(owner: SqlDb, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`the application's database role "${role}" is not a plain role name`);
  const tables = LISTING_TABLES.join(', ');
  await owner.exec(`
    revoke all on ${tables} from ${role};
    grant select, insert, update on ${tables} to ${role};`);
}

export async function listingTablesExist(db: SqlExecutor): Promise<boolean> {
  const { rows } = await db.query<{ c: string | null; r: string | null }>(
    `select to_regclass('case_listing')::text as c, to_regclass('referral_listing')::text as r`,
  );
  return rows[0]?.c != null && rows[0]?.r != null;
}

/**
 * At start, as `prepareAuditSchema` (audit/schema.ts): with the owner's connection, creates what is missing and
 * grants the application's role; without it, creates the tables only when they are missing, which works where
 * the application's own connection may (PGlite, or a PostgreSQL role that owns the schema: else the message says so).
 */
export async function prepareListingSchema(db: SqlDb, owner?: { db: SqlDb; appRole: string }): Promise<void> {
  if (owner) {
    await migrateListingSchema(owner.db);
    await grantListingAppRole(owner.db, owner.appRole);
    return;
  }
  if (await listingTablesExist(db)) return;
  try {
    await migrateListingSchema(db);
  } catch (err) {
    throw new Error(
      `the listing tables do not exist and this role cannot create them (${(err as Error).message}); set DATABASE_OWNER_URL to the owner role's URL (infra/postgres-up.sh prints it)`,
    );
  }
}
