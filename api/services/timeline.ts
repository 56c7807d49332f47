/**
 * A case's timeline from intake to now, with its referrals: every actor and decision in order. Shown to the
 * dong's caseworker and the district's supervisor (and downloadable as CSV); the read is audited. A referral
 * whose state cannot be read right now is listed as unreadable, never silently dropped.
 */
import type { FastifyRequest } from 'fastify';
import { csvCell } from '../../audit/timeline';
import { referralStateQuery } from '../../workflows/referral/referral.messages';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { loadCaseInScope } from './cases';
import { withinDeadline } from './temporal-calls';

export interface TimelineItem {
  at: string;
  target: string;
  actorRole: string;
  actorId: string;
  action: string;
  details: Record<string, unknown>;
}

export interface CaseTimeline {
  caseId: string;
  status: string;
  items: TimelineItem[];
  /** Referrals whose own steps could not be read (their state did not answer): listed, not dropped. */
  unreadable: string[];
}

export async function caseTimeline(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string): Promise<CaseTimeline> {
  if (p.role !== 'supervisor' && p.role !== 'caseworker') throw problems.forbidden('a case’s timeline is read by its caseworker and the district supervisor');
  const state = await loadCaseInScope(ctx, p, req, caseId);
  const unreadable: string[] = [];
  const referralRows = await Promise.all(
    Object.keys(state.referrals).map(async (id) => {
      try {
        const r = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () => ctx.client.workflow.getHandle(id).query(referralStateQuery));
        return r.timeline.map((t) => ({ ...t, target: id }));
      } catch {
        unreadable.push(id);
        return [];
      }
    }),
  );
  const rows = [...state.timeline.map((t) => ({ ...t, target: state.caseId })), ...referralRows.flat()].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'timeline.viewed' });
  return {
    caseId: state.caseId,
    status: state.status,
    items: rows.map((r) => ({ at: r.at, target: r.target, actorRole: r.actor.role, actorId: r.actor.id, action: r.action, details: r.details ?? {} })),
    unreadable: unreadable.sort(),
  };
}

const cell = (v: unknown) => csvCell(typeof v === 'string' ? v : JSON.stringify(v ?? ''));

export function timelineCsv(t: CaseTimeline): string {
  const header = 'at,target,actorRole,actorId,action,details';
  const lines = t.items.map((i) => [i.at, i.target, i.actorRole, i.actorId, i.action, i.details].map(cell).join(','));
  const missing = t.unreadable.map((id) => ['', id, '', '', 'unreadable', 'the referral did not answer; read the timeline again'].map(cell).join(','));
  return [header, ...lines, ...missing].join('\r\n') + '\r\n';
}
