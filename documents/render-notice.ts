/**
 * One notice, rendered: its PDF, its printable HTML and the PDF's SHA-256 (what the audit record keeps; never
 * the content). The content is the domain's (domain/notices/notice-content.ts) in the console's Korean words.
 */
import { createHash } from 'node:crypto';
import { noticeContent, type NoticeCase } from '../domain/notices/notice-content';
import type { NoticeKind } from '../domain/notices/notice-kinds';
import { noticeHtml } from './notice-html';
import { noticePdf } from './notice-pdf';
import { KOREAN_NOTICE_WORDS } from './notice-words';

export interface RenderedNotice {
  pdf: Uint8Array;
  html: string;
  sha256: string;
}

/** The notice of this kind for the case as issued at `issuedAt`, or why it cannot be issued now. */
export async function renderNotice(
  kind: NoticeKind,
  c: NoticeCase,
  o: { noticeId: string; issuedAt: string },
): Promise<{ refused: string } | RenderedNotice> {
  const outcome = noticeContent(kind, c, o.issuedAt, KOREAN_NOTICE_WORDS);
  if ('refused' in outcome) return outcome;
  const pdf = await noticePdf(outcome.content, o);
  return { pdf, html: noticeHtml(outcome.content, o.noticeId), sha256: createHash('sha256').update(pdf).digest('hex') };
}
