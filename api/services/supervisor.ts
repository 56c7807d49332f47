/**
 * The district supervisor's lists and checks: conference queue, escalations, overdue monitoring, workload per
 * dong, who viewed a case, and the audit chain's verification. Shared by the HTTP routes and the console.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import type { CaseQuery } from '../../listing/listing-store.types';
import { pageOf, pageWindow, type Page } from '../page';
import { loadCaseInScope } from './cases';

/** Each district list's filter on the listing projection, beside the district's own. */
export const DISTRICT_LISTS = {
  conferenceQueue: { status: 'awaitingConference' },
  escalations: { escalationOpen: true, notStatus: 'closed' },
  overdue: { overdue: true, notStatus: 'closed' },
} as const satisfies Record<string, CaseQuery>;
export type DistrictList = keyof typeof DISTRICT_LISTS;

export function districtOf(p: Principal): string {
  if (p.role !== 'supervisor') throw problems.forbidden('district lists are for the district supervisor');
  return p.district;
}

export interface DistrictCaseItem {
  caseId: string;
  status: unknown;
  dong: unknown;
  overdue: boolean;
  escalationOpen: boolean;
  nextDeadline: string | null;
}

export async function districtList(
  ctx: ApiContext,
  p: Principal,
  list: DistrictList,
  page: number,
  pageSize: number,
): Promise<Page<DistrictCaseItem>> {
  const rows = await ctx.listings.cases({ districts: [districtOf(p)], ...DISTRICT_LISTS[list], ...pageWindow(page, pageSize) });
  return pageOf(rows, page, pageSize, (c) => ({
    caseId: c.caseId,
    status: c.status,
    dong: c.dongCode,
    overdue: c.overdue,
    escalationOpen: c.escalationOpen,
    nextDeadline: c.nextDeadline,
  }));
}

export interface Workload {
  district: string;
  dongs: { dong: string; open: number; overdue: number; escalated: number }[];
}

/** Open cases of the district per dong (only dongs with any), from the listing projection. */
export async function workload(ctx: ApiContext, p: Principal): Promise<Workload> {
  const district = districtOf(p);
  const counts = await ctx.listings.dongCounts(district);
  return {
    district,
    dongs: counts
      .filter((c) => c.open > 0)
      .map(({ dongCode, open, overdue, escalated }) => ({ dong: dongCode, open, overdue, escalated }))
      .sort((a, b) => a.dong.localeCompare(b.dong)),
  };
}

/** Who viewed a case (and who tried and was refused), from the audit store; the report's own read is audited. */
export async function accessReport(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string) {
  if (p.role !== 'supervisor') throw problems.forbidden('access reports are for the district supervisor');
  if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
  const state = await loadCaseInScope(ctx, p, req, caseId);
  await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'access-report.viewed' });
  return { caseId: state.caseId, reads: await ctx.auditStore.accessReport(state.caseId) };
}

export async function verifyAuditChain(ctx: ApiContext, p: Principal) {
  districtOf(p);
  if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
  return ctx.auditStore.verifyChain();
}
