/**
 * Each of the four notices rendered as the person gets it: the PDF opened again and its text extracted
 * (pdf-parse, over Mozilla's pdf.js, test/harness/pdf-text.ts) to check the Korean reads back from the embedded font, the same bytes for
 * the same notice, and the printable HTML with the person's words escaped.
 */
import { createHash } from 'node:crypto';
import type { NoticeKind } from '../domain/notices/notice-kinds';
import { assessedCase, closedCase, ineligibleCase, NOTICE_ISSUED_AT, openCase, planApprovedCase } from '../domain/notices/notice-fixtures';
import type { NoticeCase } from '../domain/notices/notice-content';
import { pdfText as extract } from '../test/harness/pdf-text';
import { renderNotice, type RenderedNotice } from './render-notice';

const noticeId = 'notice-0b7c3a52-4f0e-4c1e-9a51-6a3f1d2c9e10';
const issue = { noticeId, issuedAt: NOTICE_ISSUED_AT };

async function rendered(kind: NoticeKind, c: NoticeCase): Promise<RenderedNotice> {
  const r = await renderNotice(kind, c, issue);
  if ('refused' in r) throw new Error(`refused: ${r.refused}`);
  return r;
}

/** The PDF's text as pdf.js reads it back, with line breaks and spaces removed (wrapping moves them). */
async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number; title: unknown }> {
  const r = await extract(pdf);
  return { ...r, text: r.text.replace(/-- \d+ of \d+ --/g, '').replace(/\s+/g, '') };
}
const squeeze = (s: string) => s.replace(/\s+/g, '');

const CASES: [NoticeKind, () => NoticeCase, string[]][] = [
  [
    'assessmentResult',
    assessedCase,
    ['종합판정 결과 안내', '홍길순 님', '의료 지원 필요도', '보통', '높음', '보건의료, 요양, 돌봄, 주거', '제12조제1항'],
  ],
  [
    'supportPlan',
    planApprovedCase,
    ['개인별지원계획 안내', '방문간호', '노인맞춤돌봄서비스', '주마다 2방문', '제9조제1항', '2026년 12월 1일 (화)', '3개월 이내'],
  ],
  [
    'ineligibility',
    ineligibleCase,
    [
      '통합지원 대상 여부 결정 안내',
      '만 60세로 65세 미만입니다.',
      '30일 이내에 종로구청장에게 이의신청',
      '「행정심판법」 제27조',
      '90일 이내',
    ],
  ],
  ['closure', closedCase, ['통합지원 종료 안내', '복합적인 지원이 더 이상 필요하지 않게 된 경우', '제11조', '종로구청장']],
];

describe.each(CASES)('the %s notice, rendered', (kind, fixture, phrases) => {
  let r: RenderedNotice;
  beforeAll(async () => {
    r = await rendered(kind, fixture());
  });
  test('its PDF opens and its Korean text reads back from the embedded font', async () => {
    expect(Buffer.from(r.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { text, pages, title } = await pdfText(r.pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const phrase of phrases) expect(text).toContain(squeeze(phrase));
    expect(text).toContain(noticeId);
    expect(title).toBe(phrases[0]);
    expect(r.sha256).toBe(createHash('sha256').update(r.pdf).digest('hex'));
  });
  test('the same notice gives the same bytes; another issue time gives other bytes', async () => {
    expect((await rendered(kind, fixture())).sha256).toBe(r.sha256);
    const later = await renderNotice(kind, fixture(), { noticeId, issuedAt: '2026-12-02T01:00:00.000Z' });
    expect('sha256' in later && later.sha256).not.toBe(r.sha256);
  });
  test('its printable HTML is Korean, for A4, with the same phrases', () => {
    expect(r.html).toMatch(/^<!doctype html>\s*<html lang="ko">/);
    expect(r.html).toContain('@page { size: A4');
    for (const phrase of phrases) expect(r.html).toContain(phrase);
  });
});

test('a notice that may not be issued yet is not rendered: the refusal comes back instead', async () => {
  expect(await renderNotice('closure', openCase(), issue)).toEqual({ refused: expect.stringMatching(/the case is open/) });
});

test('the person’s own words are escaped in the HTML and still read back in the PDF', async () => {
  const c = { ...assessedCase(), personal: { ...assessedCase().personal, name: '<b>홍&길순</b>' } };
  const r = await rendered('assessmentResult', c);
  expect(r.html).toContain('&lt;b&gt;홍&amp;길순&lt;/b&gt; 님');
  expect(r.html).not.toContain('<b>홍');
  expect((await pdfText(r.pdf)).text).toContain('<b>홍&길순</b>님');
});
