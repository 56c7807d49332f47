/**
 * A case's audit timeline, every read and write in order, as JSON items or as a CSV file for the monthly
 * access review. The CSV is RFC 4180 and safe to open in a spreadsheet: a cell that would start a formula is
 * prefixed with an apostrophe, so it shows as text instead of running.
 */
import type { AuditAccess } from './chain';
import { canonicalJson } from './canonical-json';
import type { AuditEntry } from './audit-store';

export interface TimelineItem {
  seq: number;
  at: string;
  actorRole: string;
  actorId: string;
  action: string;
  access: AuditAccess;
  target: string;
  details: Record<string, unknown>;
}

export function caseTimeline(entries: readonly AuditEntry[]): TimelineItem[] {
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      actorRole: e.actorRole,
      actorId: e.actorId,
      action: e.action,
      access: e.access,
      target: e.target,
      details: e.details,
    }));
}

const CSV_COLUMNS = ['seq', 'at', 'actorRole', 'actorId', 'action', 'access', 'target', 'details'] as const;

/** RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function timelineCsv(items: readonly TimelineItem[]): string {
  const rows = [
    CSV_COLUMNS.map(csvCell),
    ...items.map((item) => CSV_COLUMNS.map((c) => csvCell(c === 'details' ? canonicalJson(item.details) : item[c]))),
  ];
  return rows.map((r) => `${r.join(',')}\r\n`).join('');
}

/** Leading characters a spreadsheet reads as the start of a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
