/**
 * Supervisor routes: the district's conference queue, escalations, overdue work, workload per dong, and any
 * case's full timeline (JSON or CSV). Conference decisions and escalation answers are case actions.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvCell } from '../../audit/timeline';
import { referralStateQuery } from '../../workflows/referral/referral.messages';
import type { TimelineEntry } from '../../workflows/timeline';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { attr, listPage, q } from '../visibility';
import { loadCaseInScope } from './case-routes';

const Paging = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
const caseItem = (w: Parameters<Parameters<typeof listPage>[4]>[0]) => ({
  caseId: w.workflowId,
  status: attr(w, 'CaseStatus'),
  dong: attr(w, 'Dong'),
  overdue: attr(w, 'Overdue') ?? false,
  escalationOpen: attr(w, 'EscalationOpen') ?? false,
  nextDeadline: attr(w, 'NextDeadline') ?? null,
});

const cell = (v: unknown) => csvCell(typeof v === 'string' ? v : JSON.stringify(v ?? ''));

export const supervisorRoutes = (ctx: ApiContext): FastifyPluginAsyncZod => async (app) => {
  const districtOf = (req: { principal?: { role: string } }) => {
    const p = req.principal as { role: string; district?: string };
    if (p.role !== 'supervisor' || !p.district) throw problems.forbidden('district lists are for the district supervisor');
    return p.district;
  };
  const list = (path: string, summary: string, where: string) =>
    app.get(path, {
      schema: { tags: ['supervisor'], summary, querystring: z.object(Paging) },
      handler: async (req) => listPage(ctx.client, `DolbomKind = 'case' AND District = ${q(districtOf(req))} AND ${where}`, req.query.page, req.query.pageSize, caseItem),
    });

  list('/supervisor/conference-queue', 'Plans awaiting the support conference’s decision', `CaseStatus = 'awaitingConference'`);
  list('/supervisor/escalations', 'Cases with an open escalation (referrals exhausted, monitoring overdue)', `EscalationOpen = true AND CaseStatus != 'closed'`);
  list('/supervisor/overdue', 'Cases whose monitoring check is overdue', `Overdue = true AND CaseStatus != 'closed'`);

  app.get('/supervisor/workload', {
    schema: { tags: ['supervisor'], summary: 'Open cases per dong, with overdue and escalated counts' },
    handler: async (req) => {
      const district = districtOf(req);
      const perDong = new Map<string, { open: number; overdue: number; escalated: number }>();
      for await (const w of ctx.client.workflow.list({ query: `DolbomKind = 'case' AND District = ${q(district)} AND CaseStatus != 'closed'` })) {
        const dong = String(attr(w, 'Dong'));
        const row = perDong.get(dong) ?? { open: 0, overdue: 0, escalated: 0 };
        row.open += 1;
        if (attr(w, 'Overdue') === true) row.overdue += 1;
        if (attr(w, 'EscalationOpen') === true) row.escalated += 1;
        perDong.set(dong, row);
      }
      return { district, dongs: [...perDong].map(([dong, counts]) => ({ dong, ...counts })).sort((a, b) => a.dong.localeCompare(b.dong)) };
    },
  });

  app.get('/cases/:caseId/access-report', {
    schema: {
      tags: ['supervisor'],
      summary: 'Who viewed this case: every read of its data (who, role, when, from where, what), from the audit store',
      params: z.object({ caseId: z.string().min(1).max(128) }),
    },
    handler: async (req) => {
      const p = req.principal!;
      if (p.role !== 'supervisor') throw problems.forbidden('access reports are for the district supervisor');
      if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
      const state = await loadCaseInScope(ctx, p, req.params.caseId);
      await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'access-report.viewed' });
      return { caseId: state.caseId, reads: await ctx.auditStore.accessReport(state.caseId) };
    },
  });

  app.get('/audit/verify', {
    schema: { tags: ['supervisor'], summary: 'Verify the audit store’s hash chain; reports the first tampered entry' },
    handler: async (req, reply) => {
      districtOf(req);
      if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
      const result = await ctx.auditStore.verifyChain();
      return reply.status(result.ok ? 200 : 409).send(result);
    },
  });

  app.get('/cases/:caseId/timeline', {
    schema: {
      tags: ['supervisor'],
      summary: 'A case’s full timeline from intake to now, with its referrals: every actor and decision, in order',
      params: z.object({ caseId: z.string().min(1).max(128) }),
      querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
    },
    handler: async (req, reply) => {
      const p = req.principal!;
      if (p.role !== 'supervisor') throw problems.forbidden('timelines are audited by the district supervisor');
      const state = await loadCaseInScope(ctx, p, req.params.caseId);
      const referralTimelines = await Promise.all(
        Object.keys(state.referrals).map(async (id) => {
          const r = await ctx.client.workflow.getHandle(id).query(referralStateQuery).catch(() => undefined);
          return (r?.timeline ?? []).map((t) => ({ ...t, target: id }));
        }),
      );
      const rows = [...state.timeline.map((t: TimelineEntry) => ({ ...t, target: state.caseId })), ...referralTimelines.flat()].sort(
        (a, b) => a.at.localeCompare(b.at) || a.seq - b.seq,
      );
      await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'timeline.viewed' });
      const items = rows.map((r) => ({ at: r.at, target: r.target, actorRole: r.actor.role, actorId: r.actor.id, action: r.action, details: r.details ?? {} }));
      if (req.query.format === 'csv') {
        const header = 'at,target,actorRole,actorId,action,details';
        const lines = items.map((i) => [i.at, i.target, i.actorRole, i.actorId, i.action, i.details].map(cell).join(','));
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${state.caseId}-timeline.csv"`).send([header, ...lines].join('\r\n') + '\r\n');
      }
      return { caseId: state.caseId, status: state.status, items };
    },
  });
};
