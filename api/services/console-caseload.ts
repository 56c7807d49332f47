/**
 * The console's caseload: the caseworker's open and closed cases with what a list row needs (name, age, next
 * due date, urgent and overdue flags, last activity). Built from the API's own pieces: the scope rule of the
 * caseload (api/services/cases.ts `caseload`: a caseworker, their own dongs), Temporal's visibility store for
 * filtering and sorting, and `viewCase` for each row shown, which checks scope again and audits the read
 * exactly as GET /cases/:id does (the row shows the person's name).
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { ageInYears, seoulDateOf } from '../../domain/seoul-date';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { attr, listPage, q } from '../visibility';
import { canAccessCase, outOfScopeMessage } from '../../domain/access';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';
import { refused, viewCase } from './cases';
import { withinDeadline } from './temporal-calls';

/** `opened` (newest first) is the visibility store's own order and pages there; the others sort a scan. */
export const CASELOAD_SORTS = ['opened', 'due', 'status'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export interface ConsoleCaseloadQuery {
  status?: (typeof CASE_STATUSES)[number];
  overdue?: boolean;
  dueWithinDays?: number;
  urgent?: boolean;
  /** Only the cases the caller carries (Rule Arts. 7-8; the AssignedCaseworker search attribute). */
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
  openedAt: string;
}

/** A cap on what one list request reads from the visibility store before paging. */
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
  const filters = [
    `DolbomKind = 'case'`,
    // This deployment's cases: a namespace shared with other task queues (test runs) lists theirs too.
    `TaskQueue = ${q(ctx.taskQueue)}`,
    `Dong IN (${p.dongs.map(q).join(', ')})`,
    ...(query.status ? [`CaseStatus = ${q(query.status)}`] : []),
    ...(query.overdue ? [`Overdue = true`] : []),
    ...(query.mine ? [`AssignedCaseworker = ${q(p.sub)}`] : []),
    ...(query.dueWithinDays ? [`NextDeadline <= '${new Date(now.getTime() + query.dueWithinDays * 86_400_000).toISOString()}'`] : []),
  ];
  // Newest first is the visibility store's own order: read only up to this page, and count the rest.
  if (query.sort === 'opened' && !query.urgent) {
    const t0 = performance.now();
    const [list, { count }] = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () =>
      Promise.all([
        listPage(ctx.client, filters.join(' AND '), query.page, query.pageSize, candidateOf),
        ctx.client.workflow.count(filters.join(' AND ')),
      ]),
    );
    const t1 = performance.now();
    const rows = await Promise.all(list.items.map((c) => rowOf(ctx, p, req, c, now, cache).catch((err: unknown) => unreadableRow(c, err))));
    const timings = { listMs: t1 - t0, rowsMs: performance.now() - t1 };
    return { rows, page: query.page, pageSize: query.pageSize, total: count, hasMore: list.hasMore, timings };
  }
  // Other orders need every candidate: a scan of the visibility store, bounded by MAX_CANDIDATES.
  const candidates: Candidate[] = [];
  await withinDeadline(ctx.client, ctx.workerTimeoutMs, async () => {
    for await (const w of ctx.client.workflow.list({ query: filters.join(' AND '), pageSize: 1000 })) {
      candidates.push(candidateOf(w));
      if (candidates.length >= MAX_CANDIDATES) break;
    }
  });
  const order = (s: string) => CASE_STATUSES.indexOf(s as (typeof CASE_STATUSES)[number]);
  const compare: Record<CaseloadSort, (a: Candidate, b: Candidate) => number> = {
    due: (a, b) => (a.nextDeadline ?? '9999').localeCompare(b.nextDeadline ?? '9999') || b.openedAt.localeCompare(a.openedAt),
    opened: (a, b) => b.openedAt.localeCompare(a.openedAt),
    status: (a, b) => order(a.status) - order(b.status) || b.openedAt.localeCompare(a.openedAt),
  };
  candidates.sort(compare[query.sort]);

  // Urgency lives in the case's referrals, not in a search attribute: read (and audit) cases until a page is full.
  const rows: ConsoleCaseloadRow[] = [];
  const start = (query.page - 1) * query.pageSize;
  let matched = 0;
  let index = 0;
  while (index < candidates.length && rows.length < query.pageSize) {
    const batch = query.urgent ? candidates.slice(index, index + query.pageSize) : candidates.slice(start, start + query.pageSize);
    index = query.urgent ? index + batch.length : candidates.length;
    const viewed = await Promise.all(batch.map((c) => rowOf(ctx, p, req, c, now, cache).catch((err: unknown) => unreadableRow(c, err))));
    for (const row of viewed) {
      if (query.urgent && !row.urgent) continue;
      if (query.urgent && matched++ < start) continue;
      if (rows.length < query.pageSize) rows.push(row);
    }
  }
  const total = query.urgent ? undefined : candidates.length;
  return {
    rows,
    page: query.page,
    pageSize: query.pageSize,
    total,
    hasMore: query.urgent ? index < candidates.length : start + query.pageSize < candidates.length,
  };
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

function candidateOf(w: WorkflowExecutionInfo): Candidate {
  const deadline = attr(w, 'NextDeadline') as string | Date | undefined;
  return {
    caseId: w.workflowId,
    status: String(attr(w, 'CaseStatus')),
    nextDeadline: deadline ? new Date(deadline).toISOString() : null,
    openedAt: w.startTime.toISOString(),
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
