/**
 * The case's notices to the person in the console (api/services/notices.ts, shared with the API): the dong
 * caseworker issues one (which notice, how it is handed over) and downloads it as PDF or printable HTML. The
 * case page loads the list into its "안내문" section; the notices page holds the form, with a refusal shown in
 * words when the notice's fact is not there yet.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpProblem, toProblem } from '../../api/problem';
import { issueNotice, listNotices, noticeDocument } from '../../api/services/notices';
import { NOTICE_HANDOVERS, NOTICE_KINDS } from '../../domain/notices/notice-kinds';
import type { ConsoleRouteDeps } from '../plugin';
import { problemMessage, render, viewer } from '../render';

const CaseParams = z.object({ caseId: z.string().regex(/^case-[a-z0-9-]{8,64}$/) });
const FileParams = CaseParams.extend({ file: z.string().regex(/^notice-[0-9a-f-]{36}\.(pdf|html)$/) });
const IssueForm = z.object({ kind: z.enum(NOTICE_KINDS), handover: z.enum(NOTICE_HANDOVERS) });

export const noticeRoutes =
  (deps: ConsoleRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const { ctx } = deps;

    async function noticesPage(
      req: FastifyRequest,
      reply: FastifyReply,
      caseId: string,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const notices = await listNotices(ctx, viewer(req), req, caseId);
      return render(req, reply, 'notices', { caseId, notices, kinds: NOTICE_KINDS, handovers: NOTICE_HANDOVERS, ...extra }, status);
    }

    app.get('/cases/:caseId/notices', async (req, reply) => {
      const { caseId } = CaseParams.parse(req.params);
      const issued = typeof (req.query as { issued?: unknown }).issued === 'string' ? (req.query as { issued: string }).issued : undefined;
      return noticesPage(req, reply, caseId, issued ? { issued } : {});
    });

    /** The list alone, for the case page's section. */
    app.get('/cases/:caseId/notices/list', async (req, reply) => {
      const { caseId } = CaseParams.parse(req.params);
      const notices = await listNotices(ctx, viewer(req), req, caseId);
      return render(req, reply, 'notices-list', { caseId, notices });
    });

    app.post('/cases/:caseId/notices', { preHandler: app.csrfProtection }, async (req, reply) => {
      const { caseId } = CaseParams.parse(req.params);
      const form = IssueForm.safeParse(req.body);
      if (!form.success) return noticesPage(req, reply, caseId, { refusal: problemMessage(req, form.error), values: req.body }, 400);
      try {
        const issued = await issueNotice(ctx, viewer(req), req, caseId, form.data);
        return reply.redirect(`/console/cases/${caseId}/notices?issued=${issued.noticeId}`, 303);
      } catch (err) {
        const problem = err instanceof HttpProblem ? err.problem : toProblem(err);
        if (problem.status !== 409) throw err;
        return noticesPage(req, reply, caseId, { refusal: problemMessage(req, err), values: form.data }, 409);
      }
    });

    app.get('/cases/:caseId/notices/:file', async (req, reply) => {
      const { caseId, file } = FileParams.parse(req.params);
      const format = file.endsWith('.pdf') ? 'pdf' : 'html';
      const doc = await noticeDocument(ctx, viewer(req), req, caseId, file.slice(0, -(format.length + 1)), format);
      return reply
        .type(doc.contentType)
        .header('content-disposition', `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${doc.filename}"`)
        .header('cache-control', 'no-store')
        .send(doc.body);
    });
  };
