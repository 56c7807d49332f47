/**
 * A notice as a PDF (A4) with Noto Sans KR embedded (only the glyphs used), laid out with pdf-lib: title, to
 * whom, the opening, each section's facts, table, items and paragraphs, the legal basis, and the issuer. The
 * same notice gives the same bytes: fixed metadata, the issue time as its dates, and fixed font names (pdf-lib
 * would otherwise add a random suffix), so the SHA-256 recorded at issue identifies the document.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { NoticeContent, NoticeSection } from '../domain/notices/notice-content';
import { cachedFontkit, koreanFont } from './korean-font';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const SIZE = { title: 20, heading: 13, body: 10.5, small: 9 };
const LEADING = 1.55;
const INK = rgb(0.11, 0.11, 0.11);
const RULE = rgb(0.55, 0.55, 0.55);

/** Lines of at most `width` points: broken at spaces, and inside a word only when the word alone is too long. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const ch of word) {
      if (fits(line + ch)) line += ch;
      else {
        lines.push(line);
        line = ch;
      }
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

class Layout {
  private page!: PDFPage;
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }
  private newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }
  /** Room for `height` points on this page, or a new page. */
  private room(height: number) {
    if (this.y - height < MARGIN) this.newPage();
  }
  gap(points: number) {
    this.y -= points;
  }
  text(text: string, o: { size?: number; bold?: boolean; x?: number; width?: number; align?: 'left' | 'center' } = {}) {
    const size = o.size ?? SIZE.body;
    const font = o.bold ? this.bold : this.regular;
    const x = MARGIN + (o.x ?? 0);
    const width = o.width ?? WIDTH - (o.x ?? 0);
    for (const line of wrapText(text, font, size, width)) {
      this.room(size * LEADING);
      this.y -= size * LEADING;
      const dx = o.align === 'center' ? (width - font.widthOfTextAtSize(line, size)) / 2 : 0;
      this.page.drawText(line, { x: x + dx, y: this.y + size * 0.3, size, font, color: INK });
    }
  }
  /** A label and its value side by side; the value wraps in its own column. */
  labelled(label: string, value: string, labelWidth: number) {
    const size = SIZE.body;
    this.room(size * LEADING);
    const top = this.y;
    this.text(label, { bold: true, width: labelWidth });
    const afterLabel = this.y;
    this.y = top;
    this.text(value, { x: labelWidth + 12 });
    this.y = Math.min(this.y, afterLabel);
  }
  rule() {
    this.room(8);
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 1, color: INK });
    this.y -= 2;
  }
  table(head: string[], rows: string[][]) {
    const size = SIZE.small;
    const lineHeight = size * LEADING;
    const widths = columnWidths(head, rows, this.regular, size);
    const drawRow = (cells: string[], font: PDFFont) => {
      const wrapped = cells.map((c, i) => wrapText(c, font, size, widths[i]! - 8));
      const height = Math.max(...wrapped.map((w) => w.length)) * lineHeight + 6;
      this.room(height);
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        this.page.drawRectangle({ x, y: this.y - height, width: widths[i]!, height, borderColor: RULE, borderWidth: 0.7 });
        lines.forEach((line, n) =>
          this.page.drawText(line, { x: x + 4, y: this.y - 3 - (n + 1) * lineHeight + size * 0.3, size, font, color: INK }),
        );
        x += widths[i]!;
      });
      this.y -= height;
    };
    drawRow(head, this.bold);
    for (const r of rows) drawRow(r, this.regular);
  }
}

/** Columns sized to their widest cell, scaled to the page's width. */
function columnWidths(head: string[], rows: string[][], font: PDFFont, size: number): number[] {
  const natural = head.map(
    (h, i) => Math.max(font.widthOfTextAtSize(h, size), ...rows.map((r) => font.widthOfTextAtSize(r[i] ?? '', size))) + 12,
  );
  const total = natural.reduce((a, b) => a + b, 0);
  return natural.map((w) => (w / total) * WIDTH);
}

function section(l: Layout, s: NoticeSection) {
  l.gap(10);
  l.text(s.heading, { size: SIZE.heading, bold: true });
  l.gap(2);
  for (const f of s.facts ?? []) l.labelled(f.label, f.value, 110);
  if (s.table) l.table(s.table.head, s.table.rows);
  (s.items ?? []).forEach((item, i) => l.text(`${i + 1}. ${item}`, { x: 8 }));
  for (const p of s.paragraphs ?? []) l.text(p);
}

export async function noticePdf(content: NoticeContent, o: { noticeId: string; issuedAt: string }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachedFontkit);
  const regular = await doc.embedFont(koreanFont('regular'), { subset: true, customName: 'NotoSansKR-Regular' });
  const bold = await doc.embedFont(koreanFont('bold'), { subset: true, customName: 'NotoSansKR-Bold' });
  const at = new Date(o.issuedAt);
  doc.setTitle(content.title);
  doc.setSubject(`${content.kind} ${o.noticeId}`);
  doc.setAuthor(content.issuer);
  doc.setCreator('Dolbom');
  doc.setProducer('Dolbom (pdf-lib)');
  doc.setLanguage('ko-KR');
  doc.setCreationDate(at);
  doc.setModificationDate(at);

  const l = new Layout(doc, regular, bold);
  l.text(content.title, { size: SIZE.title, bold: true, align: 'center' });
  l.gap(8);
  l.labelled('받는 분', `${content.recipient.name} 님`, 80);
  if (content.recipient.address) l.labelled('주소', content.recipient.address, 80);
  l.labelled('안내문 번호', o.noticeId, 80);
  l.labelled('발급일', content.issuedOn, 80);
  l.rule();
  l.gap(6);
  l.text(content.opening);
  for (const s of content.sections) section(l, s);
  l.gap(10);
  l.text('근거', { size: SIZE.heading, bold: true });
  for (const b of content.legalBasis) l.text(`· ${b}`, { size: SIZE.small, x: 8 });
  l.text(`문의: ${content.contact}`, { size: SIZE.small });
  l.gap(24);
  l.text(content.issuedOn, { align: 'center' });
  l.text(content.issuer, { size: 16, bold: true, align: 'center' });
  return doc.save({ useObjectStreams: false });
}
