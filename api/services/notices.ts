/**
 * Notices to the person (domain/notices): issued by the case's dong caseworker, who chooses how it is handed
 * over, and downloaded again as PDF or printable HTML. A notice is produced on request and never stored or put
 * on Kafka: the audit record of its issuance (`notice.issued`: kind, handover, id, the PDF's SHA-256) is what
 * the timeline shows, and a download renders the notice again from the case as issued, served only when its
 * SHA-256 matches the recorded one. Every download is audited as a read.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../audit/audit-store';
import { ERR_NOTICE_REFUSED } from '../../domain/failures';
import { NOTICE_ISSUED_ACTION, type NoticeHandover, type NoticeKind } from '../../domain/notices/notice-kinds';
import { handoverRefusal } from '../../domain/notices/notice-rules';
import { NoticeIssuedDetails } from '../../events/schemas/audit';
import { renderNotice } from '../../documents/render-notice';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { loadCaseInScope } from './cases';

export type NoticeFormat = 'pdf' | 'html';

export interface IssuedNotice {
  noticeId: string;
  kind: NoticeKind;
  handover: NoticeHandover;
  issuedAt: string;
  issuedBy: string;
  sha256: string;
}

const links = (caseId: string, noticeId: string) => ({
  pdf: `/cases/${caseId}/notices/${noticeId}.pdf`,
  html: `/cases/${caseId}/notices/${noticeId}.html`,
});

function caseworkerOnly(p: Principal) {
  if (p.role !== 'caseworker') throw problems.forbidden('notices to the person are issued and downloaded by the case’s dong caseworker');
}

/** Issues a notice: refused (409, with the reason) while its fact is not there, recorded on the timeline when issued. */
export async function issueNotice(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  caseId: string,
  body: { kind: NoticeKind; handover: NoticeHandover },
): Promise<IssuedNotice & { links: { pdf: string; html: string } }> {
  caseworkerOnly(p);
  if (!ctx.recordWrite) throw problems.unavailable('notices cannot be recorded: this API has no audit stream to write to');
  const state = await loadCaseInScope(ctx, p, req, caseId);
  const handoverRefused = handoverRefusal(body.handover, state);
  if (handoverRefused) throw problems.conflict(handoverRefused, { code: ERR_NOTICE_REFUSED });
  const noticeId = `notice-${randomUUID()}`;
  const issuedAt = new Date().toISOString();
  const rendered = await renderNotice(body.kind, state, { noticeId, issuedAt });
  if ('refused' in rendered) throw problems.conflict(rendered.refused, { code: ERR_NOTICE_REFUSED });
  const step = { kind: body.kind, handover: body.handover, noticeId, sha256: rendered.sha256 };
  await ctx.recordWrite(p, {
    caseId: state.caseId,
    target: noticeId,
    action: NOTICE_ISSUED_ACTION,
    status: state.status,
    step,
    at: issuedAt,
    key: noticeId,
  });
  req.log.info({ caseId: state.caseId, noticeId, kind: body.kind, handover: body.handover }, 'notice issued to the person');
  return { ...step, issuedAt, issuedBy: p.sub, links: links(state.caseId, noticeId) };
}

/** The notices issued for a case, oldest first, from its audit entries. */
export function issuedNotices(entries: readonly AuditEntry[]): IssuedNotice[] {
  return entries
    .filter((e) => e.access === 'write' && e.action === NOTICE_ISSUED_ACTION)
    .map((e) => {
      const d = NoticeIssuedDetails.parse(e.details.step);
      return { noticeId: d.noticeId, kind: d.kind, handover: d.handover, issuedAt: e.at, issuedBy: e.actorId, sha256: d.sha256 };
    });
}

/** The notices issued for a case, with their download links (not itself audited: it shows no content). */
export async function listNotices(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string) {
  caseworkerOnly(p);
  if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
  const state = await loadCaseInScope(ctx, p, req, caseId);
  return issuedNotices(await ctx.auditStore.caseEntries(state.caseId)).map((n) => ({ ...n, links: links(state.caseId, n.noticeId) }));
}

/** An issued notice as the person got it (PDF or HTML), rendered again and checked against its recorded SHA-256. */
export async function noticeDocument(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  caseId: string,
  noticeId: string,
  format: NoticeFormat,
): Promise<{ contentType: string; filename: string; body: Buffer | string }> {
  caseworkerOnly(p);
  if (!ctx.auditStore) throw problems.notFound('no audit store is configured');
  const state = await loadCaseInScope(ctx, p, req, caseId);
  const issued = issuedNotices(await ctx.auditStore.caseEntries(state.caseId)).find((n) => n.noticeId === noticeId);
  if (!issued)
    throw problems.notFound(
      `notice ${noticeId} is not recorded for case ${state.caseId}; a notice just issued reaches the audit store within moments, so try again`,
    );
  const rendered = await renderNotice(issued.kind, state, { noticeId, issuedAt: issued.issuedAt });
  if ('refused' in rendered || rendered.sha256 !== issued.sha256)
    throw problems.conflict(
      'the case has changed since this notice was issued (for example, a revised plan), so it can no longer be produced as issued; issue a new notice',
      { code: ERR_NOTICE_REFUSED },
    );
  await ctx.recordRead(p, req, { caseId: state.caseId, target: noticeId, action: 'notice.downloaded' });
  const filename = `${state.caseId}-${issued.kind}-${noticeId.slice(7, 15)}.${format}`;
  return format === 'pdf'
    ? { contentType: 'application/pdf', filename, body: Buffer.from(rendered.pdf) }
    : { contentType: 'text/html; charset=utf-8', filename, body: rendered.html };
}
