/**
 * What each notice says, in Korean: title, to whom, the paragraphs, the facts, the legal basis. Pure: the case's
 * facts come in, a document's content goes out (documents/ renders it as HTML and PDF). Short code labels and
 * dates are put in words by the caller (`NoticeWords`, from the console's Korean words), so each label has one
 * home. The person's name and address are the intake's: the notice is for the person, produced on request.
 */
import { assessmentNeedDomains } from '../assessment';
import { getDistrict, getDong } from '../areas/areas';
import { getService } from '../catalogue/catalogue';
import type { CaseState } from '../case/case-state';
import type { ServiceLine } from '../case/case-inputs';
import type { NoticeKind } from './notice-kinds';
import { ACT, CLOSURE_GROUND_WORDS, DECREE, eligibilityReasonWords, objectionWords, REASONS_AND_REMEDIES_BASIS, RULE } from './notice-law';
import { noticeRefusal, type NoticeFacts } from './notice-rules';

/** Code kinds a notice names, as the console labels them (`codes.<kind>.<value>`). */
export type NoticeCodeKind = 'domain' | 'need' | 'unit' | 'per' | 'method';

export interface NoticeWords {
  code(kind: NoticeCodeKind, value: string): string;
  /** A calendar date or an instant as a Korean date (Seoul time). */
  date(value: string): string;
}

export interface NoticeSection {
  heading: string;
  paragraphs?: string[];
  items?: string[];
  facts?: { label: string; value: string }[];
  table?: { head: string[]; rows: string[][] };
}

export interface NoticeContent {
  kind: NoticeKind;
  title: string;
  recipient: { name: string; address?: string };
  issuedOn: string;
  /** Who decides and issues: the district head (구청장). */
  issuer: string;
  /** Where the person asks: the dong community centre. */
  contact: string;
  opening: string;
  sections: NoticeSection[];
  legalBasis: string[];
}

export type NoticeCase = NoticeFacts & Pick<CaseState, 'districtCode' | 'dongCode'>;

export type NoticeOutcome = { refused: string } | { content: NoticeContent };

/** The notice of this kind for the case, issued at `issuedAt`, or why it cannot be issued now. */
export function noticeContent(kind: NoticeKind, c: NoticeCase, issuedAt: string, words: NoticeWords): NoticeOutcome {
  const refused = noticeRefusal(kind, c);
  if (refused) return { refused };
  const issuer = `${getDistrict(c.districtCode).nameKo}청장`;
  const base = {
    kind,
    recipient: { name: c.personal.name, ...(c.personal.address ? { address: c.personal.address } : {}) },
    issuedOn: words.date(issuedAt),
    issuer,
    contact: `${getDong(c.dongCode).nameKo} 주민센터 통합돌봄 창구`,
  };
  const name = `${c.personal.name} 님`;
  switch (kind) {
    case 'assessmentResult': {
      const { result, recordedAt } = c.assessment!;
      return {
        content: {
          ...base,
          title: '종합판정 결과 안내',
          opening: `${name}의 통합지원 신청에 따라 실시한 종합판정의 결과를 ${ACT} 제12조제1항에 따라 알려드립니다.`,
          sections: [
            {
              heading: '판정 결과',
              facts: [
                { label: '판정일', value: words.date(result.assessedOn ?? recordedAt) },
                { label: '판정기관', value: result.assessor ?? '전문기관' },
                { label: '의료 지원 필요도', value: words.code('need', result.medicalSupportNeed) },
                { label: '일상생활 돌봄 필요도', value: words.code('need', result.dailyCareNeed) },
                { label: '지원이 필요한 분야', value: domainList(assessmentNeedDomains(result), words) },
              ],
            },
            {
              heading: '앞으로의 절차',
              paragraphs: [
                '이 결과는 통합지원 대상 여부의 결정과 개인별지원계획의 수립에 쓰입니다. 결정 결과는 따로 알려드립니다.',
                '판정 결과에 대하여 궁금한 점이 있으면 아래 창구로 문의하여 주십시오.',
              ],
            },
          ],
          legalBasis: [`${ACT} 제12조제1항`],
        },
      };
    }
    case 'supportPlan': {
      const plan = c.approvedPlan!;
      return {
        content: {
          ...base,
          title: '개인별지원계획 안내',
          opening: `통합지원회의를 거쳐 확정된 ${name}의 개인별지원계획(제${plan.version}차)을 ${RULE} 제9조제1항에 따라 알려드립니다.`,
          sections: [
            {
              heading: '계획',
              facts: [
                { label: '계획 차수', value: `제${plan.version}차` },
                { label: '확정일', value: words.date(plan.decidedAt ?? plan.draftedAt) },
              ],
            },
            {
              heading: '제공하는 서비스',
              table: { head: ['서비스', '분야', '제공 방법', '제공량', '기간'], rows: plan.lines.map((l) => planRow(l, words)) },
              ...(plan.coordination ? { paragraphs: [`여러 기관의 협력 방법: ${plan.coordination}`] } : {}),
            },
            {
              heading: '앞으로의 절차',
              paragraphs: [
                '서비스마다 제공기관이 연락을 드립니다.',
                `계획에 따른 지원은 정기적으로 점검하며, 첫 점검은 계획이 확정된 날부터 3개월 이내에 합니다(${RULE} 제10조).`,
                '계획을 바꾸기를 원하시면 언제든지 아래 창구에 말씀하여 주십시오.',
              ],
            },
          ],
          legalBasis: [`${RULE} 제9조제1항`, `${RULE} 제10조`],
        },
      };
    }
    case 'ineligibility': {
      const decision = c.eligibility!;
      const facts = {
        ageYears: decision.ageYears,
        needDomains: decision.needDomains.map((d) => words.code('domain', d)),
      };
      return {
        content: {
          ...base,
          title: '통합지원 대상 여부 결정 안내',
          opening: `${name}의 통합지원 신청에 대하여 ${DECREE} 제2조의 대상 요건을 검토한 결과, 통합지원 대상에 해당하지 않는 것으로 결정하였음을 알려드립니다.`,
          sections: [
            {
              heading: '결정',
              facts: [
                { label: '결정일', value: words.date(decision.decidedAt) },
                { label: '결정 내용', value: '통합지원 대상 아님' },
              ],
            },
            {
              heading: '결정 이유',
              items: decision.reasons.filter((r) => !r.met).map((r) => eligibilityReasonWords(r.code, facts)),
            },
            { heading: '이의가 있는 경우', paragraphs: objectionWords(issuer) },
            {
              heading: '다시 신청하려면',
              paragraphs: ['건강이나 생활 형편이 달라지면 언제든지 가까운 동 주민센터에 다시 신청할 수 있습니다.'],
            },
          ],
          legalBasis: [`${DECREE} 제2조`, REASONS_AND_REMEDIES_BASIS, '「행정기본법」 제36조', '「행정심판법」 제27조'],
        },
      };
    }
    case 'closure': {
      const closure = c.closure!;
      const ground = closure.ground as keyof typeof CLOSURE_GROUND_WORDS;
      return {
        content: {
          ...base,
          title: '통합지원 종료 안내',
          opening: `${name}에 대한 통합지원을 아래의 사유로 종료하였음을 ${RULE} 제11조에 따라 알려드립니다.`,
          sections: [
            {
              heading: '종료',
              facts: [
                { label: '종료일', value: words.date(closure.at) },
                { label: '종료 사유', value: CLOSURE_GROUND_WORDS[ground] },
              ],
            },
            ...(ground === 'refuses' ? [] : [{ heading: '이의가 있는 경우', paragraphs: objectionWords(issuer) }]),
            {
              heading: '다시 지원이 필요하면',
              paragraphs: ['다시 지원이 필요해지면 언제든지 가까운 동 주민센터에 신청할 수 있습니다.'],
            },
          ],
          legalBasis: [`${RULE} 제11조`, ...(ground === 'refuses' ? [] : [REASONS_AND_REMEDIES_BASIS])],
        },
      };
    }
  }
}

const domainList = (domains: readonly string[], words: NoticeWords) =>
  domains.length === 0 ? '없음' : domains.map((d) => words.code('domain', d)).join(', ');

function planRow(line: ServiceLine, words: NoticeWords): string[] {
  const service = getService(line.serviceCode);
  const q = line.quantity;
  return [
    service.nameKo,
    words.code('domain', service.domain),
    words.code('method', line.method),
    `${words.code('per', q.per)} ${q.amount}${words.code('unit', q.unit)}`,
    `${words.date(line.period.start)} ~ ${words.date(line.period.end)}`,
  ];
}
