/**
 * The district supervisor's pages: the conference queue (each plan's lines, approve / change / close with a
 * note), escalations, overdue monitoring, workload by dong (chart and table), and the audit chain's
 * verification. Lists come from the API's services; each plan shown is the audited `viewCase` read.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../api/auth/principal';
import { HttpProblem } from '../../api/problem';
import { viewCase } from '../../api/services/cases';
import { districtList, verifyAuditChain, workload } from '../../api/services/supervisor';
import { CLOSURE_GROUNDS } from '../../domain/codes';
import { STAFF_ID_PATTERN } from '../../domain/case/ownership-inputs';
import { reassignCaseload } from '../../api/services/caseload-reassignment';
import type { ConsoleRouteDeps } from '../plugin';
import { render, viewer } from '../render';

const Paging = z.object({ page: z.coerce.number().int().min(1).max(1000).default(1).catch(1) });
const PAGE_SIZE = 25;
const ReassignForm = z.object({
  fromCaseworkerId: z.string().trim().regex(STAFF_ID_PATTERN, 'a staff id'),
  toCaseworkerId: z.string().trim().regex(STAFF_ID_PATTERN, 'a staff id'),
  _idem: z.string().min(8).max(128),
});

const supervisor = (req: FastifyRequest): Principal => {
  const p = viewer(req);
  if (p.role !== 'supervisor')
    throw new HttpProblem({
      type: 'urn:dolbom:problem:forbidden',
      title: 'forbidden',
      status: 403,
      detail: 'district lists are for the district supervisor',
    });
  return p;
};

export const supervisorRoutes =
  (deps: ConsoleRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const { ctx } = deps;

    app.get('/supervisor', async (req, reply) => {
      const p = supervisor(req);
      const { page } = Paging.parse(req.query);
      const list = await districtList(ctx, p, 'conferenceQueue', page, PAGE_SIZE);
      // A case whose state does not answer now is listed without its plan, not dropped (nor the page failed).
      const cases = await Promise.all(
        list.items.map((i) =>
          viewCase(ctx, p, req, i.caseId).catch(() => ({ caseId: i.caseId, dongCode: String(i.dong), draftPlan: undefined })),
        ),
      );
      return render(req, reply, 'conference-queue', {
        list,
        cases,
        grounds: CLOSURE_GROUNDS,
        idem: () => randomUUID(),
        decided: (req.query as { decided?: string }).decided === '1',
      });
    });

    for (const kind of ['escalations', 'overdue'] as const) {
      app.get(`/supervisor/${kind}`, async (req, reply) => {
        const p = supervisor(req);
        const { page } = Paging.parse(req.query);
        const list = await districtList(ctx, p, kind, page, PAGE_SIZE);
        return render(req, reply, 'district-list', { kind, list });
      });
    }

    const workloadPage = async (p: Principal) => {
      const w = await workload(ctx, p);
      return { workload: w, chartData: JSON.stringify(w.dongs), idem: randomUUID() };
    };

    app.get('/supervisor/workload', async (req, reply) => {
      const p = supervisor(req);
      return render(req, reply, 'workload', await workloadPage(p));
    });

    // A caseworker leaves: every open case they carry in the district goes to another (api/services/caseload-reassignment.ts).
    app.post('/supervisor/caseworkers/reassign', { preHandler: app.csrfProtection }, async (req, reply) => {
      const p = supervisor(req);
      const f = ReassignForm.safeParse(req.body);
      if (!f.success) {
        const refusal = { status: 400, title: f.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
        return render(req, reply, 'workload', { ...(await workloadPage(p)), refusal, values: req.body }, 400);
      }
      try {
        const result = await reassignCaseload(ctx, p, req, {
          fromCaseworkerId: f.data.fromCaseworkerId,
          toCaseworkerId: f.data.toCaseworkerId,
          reason: 'caseworkerLeft',
          idempotencyKey: f.data._idem,
        });
        return render(req, reply, 'workload', { ...(await workloadPage(p)), reassigned: result });
      } catch (err) {
        const problem = err instanceof HttpProblem ? err.problem : undefined;
        if (!problem || problem.status >= 500) throw err;
        return render(req, reply, 'workload', { ...(await workloadPage(p)), refusal: problem, values: req.body }, problem.status);
      }
    });

    app.get('/supervisor/audit', async (req, reply) => {
      const p = supervisor(req);
      const result = await verifyAuditChain(ctx, p);
      return render(req, reply, 'audit-verify', { result });
    });
  };
