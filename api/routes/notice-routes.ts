/**
 * Notices to the person (api/services/notices.ts): the dong caseworker issues one (kind, how it is handed over),
 * lists a case's notices, and downloads one as PDF or printable HTML (audited as a read).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTICE_HANDOVERS, NOTICE_KINDS } from '../../domain/notices/notice-kinds';
import type { ApiContext } from '../context';
import { issueNotice, listNotices, noticeDocument } from '../services/notices';
import { CaseId } from './case-routes';

const IssuedNotice = z.object({
  noticeId: z.string(),
  kind: z.enum(NOTICE_KINDS),
  handover: z.enum(NOTICE_HANDOVERS),
  issuedAt: z.string(),
  issuedBy: z.string(),
  sha256: z.string(),
  links: z.object({ pdf: z.string(), html: z.string() }),
});
const NoticeFile = z
  .string()
  .regex(/^notice-[0-9a-f-]{36}\.(pdf|html)$/, 'a notice file is <notice id>.pdf or <notice id>.html')
  .transform((f) => ({ noticeId: f.replace(/\.(pdf|html)$/, ''), format: f.endsWith('.pdf') ? ('pdf' as const) : ('html' as const) }));

export const noticeRoutes =
  (ctx: ApiContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/cases/:caseId/notices', {
      schema: {
        tags: ['caseworker'],
        summary:
          'Issue a notice to the person, in Korean (PDF and printable HTML): the assessment result (Act Art. 12(1)), the support plan (Rule Art. 9(1)), an ineligibility decision with its reasons and how to object, or closure with its ground (Rule Art. 11); recorded on the timeline with how it was handed over. 409 while its fact is not there yet',
        params: z.object({ caseId: CaseId }),
        body: z.strictObject({ kind: z.enum(NOTICE_KINDS), handover: z.enum(NOTICE_HANDOVERS) }),
        response: { 201: IssuedNotice },
      },
      handler: async (req, reply) => {
        const issued = await issueNotice(ctx, req.principal!, req, req.params.caseId, req.body);
        return reply.status(201).header('location', issued.links.pdf).send(issued);
      },
    });

    app.get('/cases/:caseId/notices', {
      schema: {
        tags: ['caseworker'],
        summary: 'The notices issued to the person, with how each was handed over and its download links',
        params: z.object({ caseId: CaseId }),
        response: { 200: z.object({ items: z.array(IssuedNotice) }) },
      },
      handler: async (req) => ({ items: await listNotices(ctx, req.principal!, req, req.params.caseId) }),
    });

    app.get('/cases/:caseId/notices/:file', {
      schema: {
        tags: ['caseworker'],
        summary: 'Download an issued notice as the person got it: `<notice id>.pdf` or `<notice id>.html` (audited as a read)',
        params: z.object({ caseId: CaseId, file: NoticeFile }),
      },
      handler: async (req, reply) => {
        const { noticeId, format } = req.params.file;
        const doc = await noticeDocument(ctx, req.principal!, req, req.params.caseId, noticeId, format);
        return reply
          .type(doc.contentType)
          .header('content-disposition', `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${doc.filename}"`)
          .header('cache-control', 'no-store')
          .send(doc.body);
      },
    });
  };
