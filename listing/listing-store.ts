/**
 * The listing projection's store over SQL (PGlite or PostgreSQL, audit/sql.ts): the interface and its rules are
 * in listing/listing-store.types.ts, the tables in listing/listing-schema.ts. A case list's open referrals and
 * next deadline are not stored: they are computed from the referrals' rows at read time, by the rule
 * `caseListing` in domain/listing/case-listing.ts states (a referral's notice changes only its own row).
 */
import type { SqlDb, SqlExecutor } from '../audit/sql-db';
import { CASE_STATUSES, type CaseStatus } from '../domain/case/case-lifecycle';
import type { TaskStatus } from '../domain/codes';
import { replacesCaseRow, type CaseListing, type CaseListingRow, type ReferralListingRow } from '../domain/listing/case-listing';
import { AWAITING_DECISION_STATUSES, TERMINAL_TASK_STATUSES } from '../domain/referral/referral-lifecycle';
import type { CaseQuery, DongCounts, ListingStore, ReferralListing } from './listing-store.types';

/** Rows per INSERT statement: at most 10 parameters each, far below PostgreSQL's 65,535 per statement. */
const INSERT_ROWS_PER_STATEMENT = 500;
const CLOSED: CaseStatus = 'closed';

interface CaseSqlRow {
  case_id: string;
  opened: Date | string;
  seq: number | string;
  status: string;
  district_code: string;
  dong_code: string;
  assigned_caseworker_id: string | null;
  overdue: boolean;
  escalation_open: boolean;
  deadline: Date | string | null;
  open_referrals: number | string | bigint;
  next_deadline: Date | string | null;
}

interface ReferralSqlRow {
  referral_id: string;
  case_id: string;
  seq: number | string;
  status: TaskStatus;
  provider_id: string | null;
  escalated: boolean;
  respond_by: Date | string | null;
  service_code: string;
  created_at: Date | string;
  dong_code: string | null;
}

/** timestamptz comes back as a Date from both adapters; read through `new Date`, text would do as well. */
const iso = (v: Date | string): string => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null): string | null => (v == null ? null : iso(v));

function toCaseListing(r: CaseSqlRow): CaseListing {
  return {
    caseId: r.case_id,
    opened: iso(r.opened),
    seq: Number(r.seq),
    status: r.status,
    districtCode: r.district_code,
    dongCode: r.dong_code,
    assignedCaseworkerId: r.assigned_caseworker_id,
    overdue: r.overdue,
    escalationOpen: r.escalation_open,
    deadline: isoOrNull(r.deadline),
    // count(*) is bigint: node-postgres gives text, PGlite a number.
    openReferrals: Number(r.open_referrals),
    nextDeadline: isoOrNull(r.next_deadline),
  };
}

function toReferralListing(r: ReferralSqlRow): ReferralListing {
  return {
    referralId: r.referral_id,
    caseId: r.case_id,
    seq: Number(r.seq),
    status: r.status,
    providerId: r.provider_id,
    escalated: r.escalated,
    respondBy: isoOrNull(r.respond_by),
    serviceCode: r.service_code,
    createdAt: iso(r.created_at),
    dongCode: r.dong_code,
  };
}

/** Bind parameters in the order their placeholders are written: `add(v)` returns `$n`. */
function params(): { values: unknown[]; add: (v: unknown) => string } {
  const values: unknown[] = [];
  return { values, add: (v) => `$${values.push(v)}` };
}

/**
 * One row an id, as applying the batch's rows in order would leave it. A multi-row upsert cannot touch one row
 * twice (PostgreSQL refuses it), so the batch is reduced first. A referral's first `created_at` is kept.
 */
function newestCases(rows: readonly CaseListingRow[]): CaseListingRow[] {
  const byId = new Map<string, CaseListingRow>();
  for (const row of rows) {
    const held = byId.get(row.caseId);
    if (!held || replacesCaseRow(row, held)) byId.set(row.caseId, row);
  }
  return [...byId.values()];
}

function newestReferrals(rows: readonly ReferralListingRow[]): ReferralListingRow[] {
  const byId = new Map<string, ReferralListingRow>();
  for (const row of rows) {
    const held = byId.get(row.referralId);
    if (!held) byId.set(row.referralId, row);
    else if (row.seq > held.seq) byId.set(row.referralId, { ...row, createdAt: held.createdAt });
  }
  return [...byId.values()];
}

async function upsertCases(tx: SqlExecutor, rows: readonly CaseListingRow[]): Promise<void> {
  for (let from = 0; from < rows.length; from += INSERT_ROWS_PER_STATEMENT) {
    const p = params();
    const values = rows
      .slice(from, from + INSERT_ROWS_PER_STATEMENT)
      .map(
        (r) =>
          `(${p.add(r.caseId)}, ${p.add(r.opened)}::timestamptz, ${p.add(r.seq)}::integer, ${p.add(r.status)}, ${p.add(r.districtCode)}, ` +
          `${p.add(r.dongCode)}, ${p.add(r.assignedCaseworkerId)}, ${p.add(r.overdue)}::boolean, ${p.add(r.escalationOpen)}::boolean, ` +
          `${p.add(r.deadline)}::timestamptz)`,
      );
    await tx.query(
      `insert into case_listing as held
         (case_id, opened, seq, status, district_code, dong_code, assigned_caseworker_id, overdue, escalation_open, deadline)
       values ${values.join(', ')}
       on conflict (case_id) do update set
         opened = excluded.opened, seq = excluded.seq, status = excluded.status, district_code = excluded.district_code,
         dong_code = excluded.dong_code, assigned_caseworker_id = excluded.assigned_caseworker_id, overdue = excluded.overdue,
         escalation_open = excluded.escalation_open, deadline = excluded.deadline, updated_at = now()
       where (excluded.opened, excluded.seq) >= (held.opened, held.seq)
         and (excluded.opened, excluded.seq, excluded.status, excluded.district_code, excluded.dong_code, excluded.assigned_caseworker_id,
              excluded.overdue, excluded.escalation_open, excluded.deadline)
           is distinct from (held.opened, held.seq, held.status, held.district_code, held.dong_code, held.assigned_caseworker_id,
              held.overdue, held.escalation_open, held.deadline)`,
      p.values,
    );
  }
}

async function upsertReferrals(tx: SqlExecutor, rows: readonly ReferralListingRow[]): Promise<void> {
  for (let from = 0; from < rows.length; from += INSERT_ROWS_PER_STATEMENT) {
    const p = params();
    const values = rows
      .slice(from, from + INSERT_ROWS_PER_STATEMENT)
      .map(
        (r) =>
          `(${p.add(r.referralId)}, ${p.add(r.caseId)}, ${p.add(r.seq)}::integer, ${p.add(r.status)}, ${p.add(r.providerId)}, ` +
          `${p.add(r.escalated)}::boolean, ${p.add(r.respondBy)}::timestamptz, ${p.add(r.serviceCode)}, ${p.add(r.createdAt)}::timestamptz)`,
      );
    // created_at is not in the SET list: the first row's stays.
    await tx.query(
      `insert into referral_listing as held
         (referral_id, case_id, seq, status, provider_id, escalated, respond_by, service_code, created_at)
       values ${values.join(', ')}
       on conflict (referral_id) do update set
         case_id = excluded.case_id, seq = excluded.seq, status = excluded.status, provider_id = excluded.provider_id,
         escalated = excluded.escalated, respond_by = excluded.respond_by, service_code = excluded.service_code
       where excluded.seq > held.seq`,
      p.values,
    );
  }
}

/**
 * The case rows with what their referrals add, as `caseListing` computes it: open = not terminal (the terminal
 * list is bound, not restated), the next deadline the earliest of the case's own and its open referrals'
 * awaited decisions (`least` skips nulls), none once the case is closed. `nextDeadline` is the expression's text, for
 * WHERE and ORDER BY as well as the select list (its parameters are bound once).
 */
function caseSelect(p: ReturnType<typeof params>): { from: string; nextDeadline: string } {
  const terminal = p.add(TERMINAL_TASK_STATUSES);
  const awaited = p.add(AWAITING_DECISION_STATUSES);
  const closed = p.add(CLOSED);
  const nextDeadline = `(case when c.status = ${closed} then null else least(c.deadline, r.next_respond_by) end)`;
  return {
    nextDeadline,
    from: `case_listing c
      left join lateral (
        select count(*) filter (where not (rl.status = any(${terminal}::text[]))) as open_referrals,
               min(rl.respond_by) filter (where rl.status = any(${awaited}::text[])) as next_respond_by
          from referral_listing rl
         where rl.case_id = c.case_id
      ) r on true`,
  };
}

const CASE_COLUMNS = `c.case_id, c.opened, c.seq, c.status, c.district_code, c.dong_code, c.assigned_caseworker_id, c.overdue,
  c.escalation_open, c.deadline`;

/** The WHERE conditions of a case query: every filter given must hold (an empty `dongs` list matches none). */
function caseWhere(q: CaseQuery, p: ReturnType<typeof params>, nextDeadline: string): string {
  const where: string[] = [];
  if (q.dongs !== undefined) where.push(`c.dong_code = any(${p.add(q.dongs)}::text[])`);
  if (q.districts !== undefined) where.push(`c.district_code = any(${p.add(q.districts)}::text[])`);
  if (q.status !== undefined) where.push(`c.status = ${p.add(q.status)}`);
  if (q.notStatus !== undefined) where.push(`c.status <> ${p.add(q.notStatus)}`);
  if (q.overdue !== undefined) where.push(`c.overdue = ${p.add(q.overdue)}::boolean`);
  if (q.escalationOpen !== undefined) where.push(`c.escalation_open = ${p.add(q.escalationOpen)}::boolean`);
  if (q.assignedCaseworkerId !== undefined) where.push(`c.assigned_caseworker_id = ${p.add(q.assignedCaseworkerId)}`);
  if (q.dueBy !== undefined) where.push(`${nextDeadline} <= ${p.add(q.dueBy)}::timestamptz`);
  return where.length ? `where ${where.join(' and ')}` : '';
}

export function createListingStore(db: SqlDb): ListingStore {
  return {
    async apply(updates) {
      const cases = newestCases(updates.cases);
      const referrals = newestReferrals(updates.referrals);
      if (cases.length === 0 && referrals.length === 0) return;
      await db.transaction(async (tx) => {
        await upsertCases(tx, cases);
        await upsertReferrals(tx, referrals);
      });
    },

    async cases(q) {
      const p = params();
      const { from, nextDeadline } = caseSelect(p);
      const where = caseWhere(q, p, nextDeadline);
      // case_id last: a total order, so pages neither repeat nor skip a case.
      const order =
        q.sort === 'due'
          ? `${nextDeadline} asc nulls last, c.opened desc, c.case_id`
          : q.sort === 'status'
            ? `array_position(${p.add(CASE_STATUSES)}::text[], c.status) asc nulls last, c.opened desc, c.case_id`
            : 'c.opened desc, c.case_id';
      const { rows } = await db.query<CaseSqlRow>(
        `select ${CASE_COLUMNS}, coalesce(r.open_referrals, 0) as open_referrals, ${nextDeadline} as next_deadline
           from ${from} ${where}
          order by ${order}
         offset ${p.add(q.offset)}::integer limit ${p.add(q.limit)}::integer`,
        p.values,
      );
      return rows.map(toCaseListing);
    },

    async countCases(q) {
      const p = params();
      // The referrals' rows matter only to a dueBy filter.
      const { from, nextDeadline } = q.dueBy !== undefined ? caseSelect(p) : { from: 'case_listing c', nextDeadline: '' };
      const { rows } = await db.query<{ n: number | string | bigint }>(
        `select count(*) as n from ${from} ${caseWhere(q, p, nextDeadline)}`,
        p.values,
      );
      return Number(rows[0]?.n ?? 0);
    },

    async dongCounts(districtCode) {
      const { rows } = await db.query<{ dong_code: string; open: number | string; overdue: number | string; escalated: number | string }>(
        `select dong_code, count(*) as open, count(*) filter (where overdue) as overdue,
                count(*) filter (where escalation_open) as escalated
           from case_listing
          where district_code = $1 and status <> $2
          group by dong_code
          order by dong_code`,
        [districtCode, CLOSED],
      );
      return rows.map((r): DongCounts => ({
        dongCode: r.dong_code,
        open: Number(r.open),
        overdue: Number(r.overdue),
        escalated: Number(r.escalated),
      }));
    },

    async referrals(q) {
      const p = params();
      const where = [`r.provider_id = ${p.add(q.providerId)}`, `r.status = any(${p.add(q.statuses)}::text[])`];
      if (q.respondAfter !== undefined) where.push(`r.respond_by > ${p.add(q.respondAfter)}::timestamptz`);
      if (q.respondBy !== undefined) where.push(`r.respond_by <= ${p.add(q.respondBy)}::timestamptz`);
      const { rows } = await db.query<ReferralSqlRow>(
        `select r.referral_id, r.case_id, r.seq, r.status, r.provider_id, r.escalated, r.respond_by, r.service_code, r.created_at,
                c.dong_code
           from referral_listing r
           left join case_listing c on c.case_id = r.case_id
          where ${where.join(' and ')}
          order by r.created_at desc, r.referral_id
         offset ${p.add(q.offset)}::integer limit ${p.add(q.limit)}::integer`,
        p.values,
      );
      return rows.map(toReferralListing);
    },

    async case(caseId) {
      const p = params();
      const { from, nextDeadline } = caseSelect(p);
      const { rows } = await db.query<CaseSqlRow>(
        `select ${CASE_COLUMNS}, coalesce(r.open_referrals, 0) as open_referrals, ${nextDeadline} as next_deadline
           from ${from}
          where c.case_id = ${p.add(caseId)}`,
        p.values,
      );
      return rows[0] ? toCaseListing(rows[0]) : undefined;
    },
  };
}
