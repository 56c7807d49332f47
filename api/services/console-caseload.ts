/**
 * The console's caseload: the caseworker's open and closed cases with what a list row needs (name, age, next
 * due date, urgent and overdue flags, last activity). Built from the API's own pieces: the scope rule of the
 * caseload (api/services/cases.ts `caseload`: a caseworker, their own dongs), the listing projection
 * (listing/listing-store.types.ts) for filtering, sorting and paging, and `viewCase` for each row shown, which
 * checks scope again and audits the read exactly as GET /cases/:id does (the row shows the person's name).
 */
import type { FastifyRequest } from 'fastify';
import { ageInYears, seoulDateOf } from '../../domain/seoul-date';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import type { CaseListing } from '../../domain/listing/case-listing';
import type { CaseQuery } from '../../listing/listing-store.types';
import { pageWindow } from '../page';
import { canAccessCase, outOfScopeMessage } from '../../domain/access';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';
import { refused, viewCase } from './cases';

/** Each is the listing store's own order (listing/listing-store.types.ts `CaseSort`), and pages there. */
export const CASELOAD_SORTS = ['opened', 'due', 'status'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export interface ConsoleCaseloadQuery {
  status?: (typeof CASE_STATUSES)[number];
  overdue?: boolean;
  dueWithinDays?: number;
  urgent?: boolean;
  /** Only the cases the caller carries (Rule Arts. 7-8; the listing's assigned caseworker). */
  mine?: boolean;
  sort: CaseloadSort;
  page: number;
  pageSize: number;
}

export interface ConsoleCaseloadRow {
  caseId: string;
  name: string;
  age: number | null;
  dong: string;
  status: string;
  nextDue: string | null;
  overdue: boolean;
  urgent: boolean;
  escalationOpen: boolean;
  lastActivity: string | null;
  /** The case's state did not answer in time: the row shows what the list knows, without personal details. */
  unreadable?: boolean;
}

interface Candidate {
  caseId: string;
  status: string;
  nextDeadline: string | null;
}

/** A cap on the cases one `urgent` list request reads (and views) in search of urgent ones. */
const MAX_CANDIDATES = 5000;

/**
 * What a caseload row needs of a case, kept by the console between requests (console/case-row-cache.ts) and
 * dropped when the case's events say it changed. Only these fields: no resident number, no health notes.
 */
export interface CaseRowFacts {
  districtCode: string;
  dongCode: string;
  name: string;
  birthDate: string;
  monitoringNextDue?: string;
  monitoringOverdue: boolean;
  urgent: boolean;
  escalationOpen: boolean;
  lastActivity: string;
}

export interface CaseRowCache {
  get(caseId: string): CaseRowFacts | undefined;
  set(caseId: string, facts: CaseRowFacts): void;
}

export async function consoleCaseload(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  query: ConsoleCaseloadQuery,
  now = new Date(),
  cache?: CaseRowCache,
) {
  if (p.role !== 'caseworker') throw problems.forbidden('the caseload is a caseworker list; supervisors use /supervisor/*');
  const filters: CaseQuery = {
    dongs: p.dongs,
    ...(query.status ? { status: query.status } : {}),
    ...(query.overdue ? { overdue: true } : {}),
    ...(query.mine ? { assignedCaseworkerId: p.sub } : {}),
    ...(query.dueWithinDays ? { dueBy: new Date(now.getTime() + query.dueWithinDays * 86_400_000).toISOString() } : {}),
  };
  // Every order is the listing store's: read only this page, and count the rest.
  if (!query.urgent) {
    const t0 = performance.now();
    const [listed, total] = await Promise.all([
      ctx.listings.cases({ ...filters, sort: query.sort, ...pageWindow(query.page, query.pageSize) }),
      ctx.listings.countCases(filters),
    ]);
    const t1 = performance.now();
    const page = listed.slice(0, query.pageSize).map(candidateOf);
    const rows = await Promise.all(page.map((c) => rowOf(ctx, p, req, c, now, cache).catch((err: unknown) => unreadableRow(c, err))));
    const timings = { listMs: t1 - t0, rowsMs: performance.now() - t1 };
    return { rows, page: query.page, pageSize: query.pageSize, total, hasMore: listed.length > query.pageSize, timings };
  }
  // Urgency lives in the case's referrals, not in the listing: read (and audit) cases in the chosen order until a
  // page is full, among the first MAX_CANDIDATES.
  const candidates = (await ctx.listings.cases({ ...filters, sort: query.sort, offset: 0, limit: MAX_CANDIDATES })).map(candidateOf);
  const rows: ConsoleCaseloadRow[] = [];
  const start = (query.page - 1) * query.pageSize;
  let matched = 0;
  let index = 0;
  while (index < candidates.length && rows.length < query.pageSize) {
    const batch = candidates.slice(index, index + query.pageSize);
    index += batch.length;
    const viewed = await Promise.all(batch.map((c) => rowOf(ctx, p, req, c, now, cache).catch((err: unknown) => unreadableRow(c, err))));
    for (const row of viewed) {
      if (!row.urgent) continue;
      if (matched++ < start) continue;
      if (rows.length < query.pageSize) rows.push(row);
    }
  }
  return { rows, page: query.page, pageSize: query.pageSize, total: undefined, hasMore: index < candidates.length };
}

/** A row whose case could not be read now (503: the worker did not answer): listed, not dropped; other errors stand. */
function unreadableRow(c: Candidate, err: unknown): ConsoleCaseloadRow {
  if ((err as { problem?: { status?: number } }).problem?.status !== 503) throw err;
  return {
    caseId: c.caseId,
    name: '',
    age: null,
    dong: '',
    status: c.status,
    nextDue: c.nextDeadline,
    overdue: false,
    urgent: false,
    escalationOpen: false,
    lastActivity: null,
    unreadable: true,
  };
}

function candidateOf(c: CaseListing): Candidate {
  return {
    caseId: c.caseId,
    status: c.status,
    nextDeadline: c.nextDeadline ? new Date(c.nextDeadline).toISOString() : null,
  };
}

/**
 * One row: the case's facts from the cache or, on a miss, the API's `viewCase` (scope checked, read audited).
 * A cached row is checked and audited the same way: the area rule (domain/access.ts) against the case's area,
 * a refusal through `refused`, and one `case.viewed` read record per row shown.
 */
async function rowOf(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  c: Candidate,
  now: Date,
  cache?: CaseRowCache,
): Promise<ConsoleCaseloadRow> {
  let facts = cache?.get(c.caseId);
  if (facts) {
    if (!canAccessCase(p, facts)) throw await refused(ctx, p, req, c.caseId, outOfScopeMessage(c.caseId, p));
    await ctx.recordRead(p, req, { caseId: c.caseId, target: c.caseId, action: 'case.viewed' });
  } else {
    const state = await viewCase(ctx, p, req, c.caseId);
    const personal = 'personal' in state ? state.personal : undefined;
    facts = {
      districtCode: state.districtCode,
      dongCode: state.dongCode,
      name: personal?.name ?? '',
      birthDate: personal?.birthDate ?? '',
      ...(state.monitoring.nextDue ? { monitoringNextDue: state.monitoring.nextDue } : {}),
      monitoringOverdue: state.monitoring.overdue,
      urgent: Object.values(state.referrals).some((r) => r.urgent),
      escalationOpen: state.escalations.some((e) => !e.resolvedAt),
      lastActivity: state.timeline.at(-1)?.at ?? state.openedAt,
    };
    cache?.set(c.caseId, facts);
  }
  const dues = [c.nextDeadline, facts.monitoringNextDue ? new Date(`${facts.monitoringNextDue}T00:00:00+09:00`).toISOString() : null]
    .filter((d): d is string => !!d)
    .sort();
  const nextDue = c.status === 'closed' ? null : (dues[0] ?? null);
  return {
    caseId: c.caseId,
    name: facts.name,
    age: facts.birthDate ? ageInYears(facts.birthDate, seoulDateOf(now)) : null,
    dong: facts.dongCode,
    status: c.status,
    nextDue,
    overdue: facts.monitoringOverdue || (nextDue !== null && nextDue < now.toISOString()),
    urgent: facts.urgent,
    escalationOpen: facts.escalationOpen,
    lastActivity: facts.lastActivity,
  };
}
