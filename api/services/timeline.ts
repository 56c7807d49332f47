/**
 * A case's timeline from intake to now, with its referrals: every step, who took it and when, in order. Shown to
 * the dong's caseworker and the district's supervisor (and downloadable as CSV); the read is audited.
 *
 * One source: the append-only audit store (audit/audit-store.ts), the record an auditor trusts. It is hash-chained,
 * kept at least two years (PIPA's access logs), and it outlives the workflows, whose histories Temporal deletes
 * after the namespace's retention period. The workflow state is read only for the caller's scope and to know how
 * many steps the case and each referral have taken: the store receives its entries from Kafka a moment after
 * each step, so a step not yet recorded is listed as pending (its part as unreadable), never silently left out.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../audit/audit-store';
import type { CaseState } from '../../domain/case/case-state';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { loadCaseInScope } from './cases';

export interface TimelineItem {
  /** The entry's place in the audit store's hash chain (`scripts/audit-verify.ts` checks it). */
  seq: number;
  at: string;
  /** The case id, or the referral's id for a referral's step. */
  target: string;
  actorRole: string;
  actorId: string;
  action: string;
  /** The audit record's coded details (codes, ids, statuses; never personal data). */
  details: Record<string, unknown>;
}

/** Steps of one part of the case that the workflow reports and the audit store does not hold yet. */
export interface PendingSteps {
  target: string;
  /** Steps the workflow reports for this part (the case's own, or a referral's as last told to the case). */
  taken: number;
  /** Of those, the steps the audit store holds. */
  recorded: number;
}

export interface CaseTimeline {
  caseId: string;
  status: string;
  items: TimelineItem[];
  /**
   * Every step up to this instant is in `items`: the last step recorded when nothing is pending; otherwise the
   * latest instant before the first step that may be missing.
   */
  completeUpTo: string;
  pending: PendingSteps[];
  /** Parts (the case id, referral ids) with steps not yet in the audit store: listed, not dropped. */
  unreadable: string[];
}

/** How many steps the case and each of its referrals have taken, by target, from the case's state. */
export function stepsTaken(state: Pick<CaseState, 'caseId' | 'timeline' | 'referrals'>): Record<string, number> {
  const taken: Record<string, number> = { [state.caseId]: state.timeline.at(-1)?.seq ?? 0 };
  for (const r of Object.values(state.referrals)) taken[r.referralId] = r.lastSeq;
  return taken;
}

/**
 * The timeline from a case's audit entries: its steps (writes) in the order they happened; reads stay in the
 * access report. Each part's steps are compared with how many the workflow reports (one audit record per step,
 * de-duplicated by event id), so what has not reached the store yet is named.
 */
export function timelineFromAudit(
  c: { caseId: string; status: string; openedAt: string },
  taken: Record<string, number>,
  entries: readonly AuditEntry[],
): CaseTimeline {
  const steps = entries.filter((e) => e.access === 'write');
  const items = steps
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      target: e.target,
      actorRole: e.actorRole,
      actorId: e.actorId,
      action: e.action,
      // The step's coded details as its event carried them, with the status it left (audit records: events/schemas/audit.ts).
      details: { ...((e.details.step as Record<string, unknown> | undefined) ?? {}), status: e.details.status },
    }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  const lastAt = new Map<string, string>();
  const recorded = new Map<string, number>();
  for (const i of items) {
    recorded.set(i.target, (recorded.get(i.target) ?? 0) + 1);
    lastAt.set(i.target, i.at);
  }
  const pending = Object.entries(taken)
    .map(([target, n]) => ({ target, taken: n, recorded: recorded.get(target) ?? 0 }))
    .filter((p) => p.recorded < p.taken)
    .sort((a, b) => a.target.localeCompare(b.target));
  // A part's missing steps came after its last recorded one (each part's records arrive in order: one Kafka
  // partition per case); with none recorded, all that is known is that they came after the case opened.
  const completeUpTo =
    pending.length === 0
      ? (items.at(-1)?.at ?? c.openedAt)
      : pending.map((p) => lastAt.get(p.target) ?? c.openedAt).reduce((a, b) => (a < b ? a : b));
  return { caseId: c.caseId, status: c.status, items, completeUpTo, pending, unreadable: pending.map((p) => p.target) };
}

export async function caseTimeline(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string): Promise<CaseTimeline> {
  if (p.role !== 'supervisor' && p.role !== 'caseworker')
    throw problems.forbidden('a case’s timeline is read by its caseworker and the district supervisor');
  if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
  // The state first, then the store: a step the state counts that is not in the store yet shows as pending, and
  // one recorded after the state was read is listed all the same.
  const state = await loadCaseInScope(ctx, p, req, caseId);
  const entries = await ctx.auditStore.caseEntries(state.caseId);
  await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'timeline.viewed' });
  return timelineFromAudit(state, stepsTaken(state), entries);
}

const CSV_HEADER = ['seq', 'at', 'target', 'actorRole', 'actorId', 'action', 'details'];

/** RFC 4180 (header row, CRLF line ends), safe to open in a spreadsheet; pending steps are rows of their own. */
export function timelineCsv(t: CaseTimeline): string {
  const cell = (v: unknown) => csvCell(typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v ?? ''));
  const rows = [
    CSV_HEADER,
    ...t.items.map((i) => [i.seq, i.at, i.target, i.actorRole, i.actorId, i.action, i.details]),
    ...t.pending.map((p) => [
      '',
      '',
      p.target,
      '',
      '',
      'pending',
      `${p.taken - p.recorded} of ${p.taken} steps not yet in the audit store; read the timeline again`,
    ]),
  ];
  return rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}

/** Leading characters a spreadsheet reads as the start of a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: quoted when it holds a comma, quote or line break; a would-be formula is made text. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
