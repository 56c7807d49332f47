/**
 * The notices a case owes the person, tested by the article each one cites: when it may be issued (refused,
 * with the reason, while its fact is not there) and what it then tells the person.
 */
import { noticeContent, type NoticeContent, type NoticeOutcome, type NoticeWords } from './notice-content';
import { handoverRefusal, noticeRefusal } from './notice-rules';
import { assessedCase, closedCase, eligibleCase, ineligibleCase, NOTICE_ISSUED_AT, openCase, planApprovedCase } from './notice-fixtures';

/** Labels as `kind:value` and dates as given, so the tests see which fact went where. */
const words: NoticeWords = { code: (kind, value) => `${kind}:${value}`, date: (v) => `date:${v}` };

function content(o: NoticeOutcome): NoticeContent {
  if ('refused' in o) throw new Error(`refused: ${o.refused}`);
  return o.content;
}
const text = (c: NoticeContent) =>
  [c.title, c.opening, ...c.sections.flatMap((s) => [s.heading, ...(s.paragraphs ?? []), ...(s.items ?? [])]), ...c.legalBasis].join('\n');
const fact = (c: NoticeContent, label: string) => c.sections.flatMap((s) => s.facts ?? []).find((f) => f.label === label)?.value;

describe('Act Art. 12(1): the result of the comprehensive assessment is told to the person', () => {
  test('refused while no assessment result is recorded', () => {
    expect(noticeRefusal('assessmentResult', openCase())).toMatch(/no comprehensive assessment result.*Act Art\. 12\(1\)/);
    expect(noticeContent('assessmentResult', openCase(), NOTICE_ISSUED_AT, words)).toEqual({
      refused: expect.stringMatching(/Act Art\. 12\(1\)/),
    });
  });
  test('once recorded: both need levels, the domains they imply, the date and the agency, citing Art. 12(1)', () => {
    const c = content(noticeContent('assessmentResult', assessedCase(), NOTICE_ISSUED_AT, words));
    expect(c.title).toBe('종합판정 결과 안내');
    expect(c.recipient).toEqual({ name: '홍길순', address: '서울특별시 종로구 자하문로 1' });
    expect(fact(c, '의료 지원 필요도')).toBe('need:moderate');
    expect(fact(c, '일상생활 돌봄 필요도')).toBe('need:high');
    // moderate medical -> medical; high daily care -> dailyCare and longTermCare; housing flagged (domain/assessment.ts).
    expect(fact(c, '지원이 필요한 분야')).toBe('domain:medical, domain:longTermCare, domain:dailyCare, domain:housing');
    expect(fact(c, '판정일')).toBe('date:2026-11-20');
    expect(fact(c, '판정기관')).toBe('NHIS');
    expect(c.legalBasis).toEqual(['「의료ㆍ요양 등 지역 돌봄의 통합지원에 관한 법률」 제12조제1항']);
    expect(c.issuer).toBe('종로구청장');
    expect(c.issuedOn).toBe(`date:${NOTICE_ISSUED_AT}`);
  });
});

describe('Rule Art. 9(1): the support plan is told to the person', () => {
  test('refused before the support conference approved a plan, even with a draft', () => {
    const drafting = { ...eligibleCase(), draftPlan: planApprovedCase().approvedPlan };
    expect(noticeRefusal('supportPlan', drafting)).toMatch(/has not approved a plan.*Rule Art\. 9\(1\)/);
  });
  test('once approved: every line with its service, domain, method, quantity and period, and how providers coordinate', () => {
    const c = content(noticeContent('supportPlan', planApprovedCase(), NOTICE_ISSUED_AT, words));
    const table = c.sections.find((s) => s.table)!;
    expect(table.table!.rows).toEqual([
      ['방문간호', 'domain:medical', 'method:visit', 'per:week 2unit:visit', 'date:2026-12-01 ~ date:2027-05-31'],
      ['노인맞춤돌봄서비스', 'domain:dailyCare', 'method:visit', 'per:week 3unit:hour', 'date:2026-12-01 ~ date:2027-05-31'],
    ]);
    expect(table.paragraphs).toEqual([expect.stringContaining('매주 방문간호사와 생활지원사가')]);
    expect(fact(c, '계획 차수')).toBe('제1차');
    expect(fact(c, '확정일')).toBe('date:2026-11-27T05:00:00.000Z');
    expect(c.legalBasis[0]).toMatch(/시행규칙」 제9조제1항$/);
    // Rule Art. 10: the first check within three months.
    expect(text(c)).toContain('3개월 이내');
  });
});

describe('Decree Art. 2 with Administrative Procedure Act Arts. 23 and 26: an ineligibility decision, its reasons and how to object', () => {
  test('refused before the decision, and for a person found eligible', () => {
    expect(noticeRefusal('ineligibility', assessedCase())).toMatch(/not been decided/);
    expect(noticeRefusal('ineligibility', eligibleCase())).toMatch(/found eligible/);
  });
  test('gives each unmet condition in words, and the objection (30 days) and the administrative appeal (90 days)', () => {
    const c = content(noticeContent('ineligibility', ineligibleCase(), NOTICE_ISSUED_AT, words));
    const reasons = c.sections.find((s) => s.heading === '결정 이유')!.items!;
    expect(reasons).toEqual([
      '지원이 필요한 분야가 한 분야(domain:health)뿐입니다. 통합지원은 두 분야 이상에 걸쳐 지원이 필요한 분께 제공됩니다.',
      expect.stringContaining('제2조의 대상 요건'),
      '만 60세로 65세 미만입니다.',
      '보건복지부장관이 인정하는 중증 장애가 확인되지 않았습니다.',
      '구청장이 지원이 필요한 분으로 인정하지 않았습니다.',
    ]);
    const objection = c.sections.find((s) => s.heading === '이의가 있는 경우')!.paragraphs!.join('\n');
    expect(objection).toContain('30일 이내에 종로구청장에게 이의신청');
    expect(objection).toContain('「행정기본법」 제36조');
    expect(objection).toContain('안 날부터 90일 이내');
    expect(objection).toContain('「행정심판법」 제27조');
    expect(c.legalBasis).toEqual(
      expect.arrayContaining([expect.stringMatching(/시행령」 제2조$/), expect.stringContaining('제26조(고지)')]),
    );
  });
});

describe('Rule Art. 11: closure and its ground are told to the person', () => {
  test('refused for an open case', () => {
    expect(noticeRefusal('closure', planApprovedCase())).toMatch(/the case is open/);
    expect(noticeContent('closure', openCase(), NOTICE_ISSUED_AT, words)).toEqual({ refused: expect.stringMatching(/Rule Art\. 11/) });
  });
  test('refused for a case closed as ineligible (its notice is the ineligibility notice) and on death', () => {
    expect(noticeRefusal('closure', ineligibleCase())).toMatch(/issue the ineligibility notice/);
    expect(noticeRefusal('closure', closedCase('death'))).toMatch(/death/);
  });
  test('gives the ground as Rule Art. 11 words it, the date, and how to object', () => {
    const c = content(noticeContent('closure', closedCase(), NOTICE_ISSUED_AT, words));
    expect(fact(c, '종료 사유')).toBe('복합적인 지원이 더 이상 필요하지 않게 된 경우');
    expect(fact(c, '종료일')).toBe('date:2026-11-30T06:00:00.000Z');
    expect(c.sections.map((s) => s.heading)).toContain('이의가 있는 경우');
  });
  test('a closure the person asked for (refusal of support) carries no objection section', () => {
    const c = content(noticeContent('closure', closedCase('refuses'), NOTICE_ISSUED_AT, words));
    expect(fact(c, '종료 사유')).toBe('본인이 통합지원을 받지 않겠다는 뜻을 명확히 밝힌 경우');
    expect(c.sections.map((s) => s.heading)).not.toContain('이의가 있는 경우');
  });
});

describe('handing a notice over', () => {
  test('by post needs the intake’s address; in person and electronically do not', () => {
    const noAddress = { personal: { ...openCase().personal, address: undefined } };
    expect(handoverRefusal('post', noAddress)).toMatch(/needs the person’s address/);
    expect(handoverRefusal('inPerson', noAddress)).toBeUndefined();
    expect(handoverRefusal('electronic', noAddress)).toBeUndefined();
    expect(handoverRefusal('post', openCase())).toBeUndefined();
  });
});
