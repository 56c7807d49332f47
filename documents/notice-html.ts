/**
 * A notice as a printable HTML page (A4, Korean typefaces first), from an Eta template as the console's pages
 * are (console/plugin.ts). Every value is escaped: the name and address are the person's own words.
 */
import path from 'node:path';
import { Eta } from 'eta';
import type { NoticeContent } from '../domain/notices/notice-content';

const eta = new Eta({ views: path.join(__dirname, 'templates'), cache: true, autoEscape: true, autoTrim: false });

export function noticeHtml(content: NoticeContent, noticeId: string): string {
  return eta.render('notice', { c: content, noticeId });
}
