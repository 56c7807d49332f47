/**
 * The district supervisor's lists and checks: conference queue, escalations, overdue monitoring, workload per
 * dong, who viewed a case, and the audit chain's verification. Shared by the HTTP routes and the console.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { attr, listPage, q, type Page } from '../visibility';
import { loadCaseInScope } from './cases';
import { withinDeadline } from './temporal-calls';

export const DISTRICT_LISTS = {
  conferenceQueue: `CaseStatus = 'awaitingConference'`,
  escalations: `EscalationOpen = true AND CaseStatus != 'closed'`,
  overdue: `Overdue = true AND CaseStatus != 'closed'`,
} as const;
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
  const query = `DolbomKind = 'case' AND District = ${q(districtOf(p))} AND ${DISTRICT_LISTS[list]}`;
  return withinDeadline(ctx.client, ctx.workerTimeoutMs, () =>
    listPage(ctx.client, query, page, pageSize, (w) => ({
      caseId: w.workflowId,
      status: attr(w, 'CaseStatus'),
      dong: attr(w, 'Dong'),
      overdue: (attr(w, 'Overdue') as boolean | undefined) ?? false,
      escalationOpen: (attr(w, 'EscalationOpen') as boolean | undefined) ?? false,
      nextDeadline: (attr(w, 'NextDeadline') as string | undefined) ?? null,
    })),
  );
}

export interface Workload {
  district: string;
  dongs: { dong: string; open: number; overdue: number; escalated: number }[];
}

export async function workload(ctx: ApiContext, p: Principal): Promise<Workload> {
  const district = districtOf(p);
  const perDong = new Map<string, { open: number; overdue: number; escalated: number }>();
  await withinDeadline(ctx.client, ctx.workerTimeoutMs, async () => {
    for await (const w of ctx.client.workflow.list({
      query: `DolbomKind = 'case' AND District = ${q(district)} AND CaseStatus != 'closed'`,
    })) {
      const dong = String(attr(w, 'Dong'));
      const row = perDong.get(dong) ?? { open: 0, overdue: 0, escalated: 0 };
      row.open += 1;
      if (attr(w, 'Overdue') === true) row.overdue += 1;
      if (attr(w, 'EscalationOpen') === true) row.escalated += 1;
      perDong.set(dong, row);
    }
  });
  return { district, dongs: [...perDong].map(([dong, counts]) => ({ dong, ...counts })).sort((a, b) => a.dong.localeCompare(b.dong)) };
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
