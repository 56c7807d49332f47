/**
 * The law a notice cites and the words it tells the person in, in Korean: the statutes by their Korean titles,
 * the closure grounds as Rule Art. 11 words them, an eligibility reason of Decree Art. 2 in words, and how to
 * object to a decision (Administrative Basic Act Art. 36; Administrative Appeals Act Art. 27).
 */
import type { ClosureGround } from '../codes';
import type { EligibilityReasonCode } from '../eligibility';

export const ACT = '「의료ㆍ요양 등 지역 돌봄의 통합지원에 관한 법률」';
export const DECREE = '「의료ㆍ요양 등 지역 돌봄의 통합지원에 관한 법률 시행령」';
export const RULE = '「의료ㆍ요양 등 지역 돌봄의 통합지원에 관한 법률 시행규칙」';

/** Rule Art. 11: the five grounds on which integrated support ends, as the article words them. */
export const CLOSURE_GROUND_WORDS: Readonly<Record<ClosureGround, string>> = {
  death: '사망한 경우',
  admittedToInstitution: '병원 또는 시설에 입원하거나 입소하여 통합지원이 더 이상 필요하지 않게 된 경우',
  supportNoLongerNeeded: '복합적인 지원이 더 이상 필요하지 않게 된 경우',
  refuses: '본인이 통합지원을 받지 않겠다는 뜻을 명확히 밝힌 경우',
  otherMinistryRecognised: '그 밖에 보건복지부장관이 통합지원의 종료가 필요하다고 인정하는 경우',
};

/** What a decision found, for one reason code of Decree Art. 2 (domain/eligibility.ts), in words. */
export function eligibilityReasonWords(code: EligibilityReasonCode, facts: { ageYears: number; needDomains: readonly string[] }): string {
  const domains = facts.needDomains.join(', ');
  switch (code) {
    case 'DIFFICULTY_PRESENT':
      return '노쇠, 장애, 질병 또는 사고로 인하여 일상생활에 어려움이 있습니다.';
    case 'NO_DIFFICULTY':
      return '노쇠, 장애, 질병 또는 사고로 인한 일상생활의 어려움이 확인되지 않았습니다.';
    case 'MULTI_DOMAIN_NEED':
      return `여러 분야(${domains})에 걸쳐 지원이 필요합니다.`;
    case 'SINGLE_DOMAIN_NEED':
      return `지원이 필요한 분야가 한 분야(${domains})뿐입니다. 통합지원은 두 분야 이상에 걸쳐 지원이 필요한 분께 제공됩니다.`;
    case 'NO_DOMAIN_NEED':
      return '지원이 필요한 돌봄 분야가 확인되지 않았습니다.';
    case 'ROUTE_AGE_65':
      return `만 ${facts.ageYears}세로 65세 이상입니다.`;
    case 'ROUTE_SEVERE_DISABILITY':
      return '보건복지부장관이 인정하는 중증 장애가 있습니다.';
    case 'ROUTE_DISTRICT_RECOGNISED':
      return '보건복지부장관과 협의하여 구청장이 지원이 필요하다고 인정하였습니다.';
    case 'NO_ROUTE':
      return `${DECREE} 제2조의 대상 요건(65세 이상, 중증 장애, 구청장의 인정) 중 어느 것에도 해당하지 않습니다.`;
    case 'UNDER_65':
      return `만 ${facts.ageYears}세로 65세 미만입니다.`;
    case 'NO_SEVERE_DISABILITY':
      return '보건복지부장관이 인정하는 중증 장애가 확인되지 않았습니다.';
    case 'DISTRICT_NOT_RECOGNISED':
      return '구청장이 지원이 필요한 분으로 인정하지 않았습니다.';
    case 'DISTRICT_NOT_CONSULTED':
      return '구청장이 지원이 필요하다고 보았으나 보건복지부장관과의 협의가 아직 이루어지지 않았습니다.';
  }
}

/**
 * How to object to a decision (처분): an objection to the district head within 30 days of receiving the
 * notice (Administrative Basic Act Art. 36), or an administrative appeal within 90 days of learning of the
 * decision and at most 180 days after it (Administrative Appeals Act Art. 27).
 */
export function objectionWords(districtHead: string): string[] {
  return [
    `이 결정에 이의가 있으면 이 안내문을 받은 날부터 30일 이내에 ${districtHead}에게 이의신청을 할 수 있습니다(「행정기본법」 제36조).`,
    '또한 결정이 있음을 안 날부터 90일 이내(결정이 있은 날부터 180일 이내)에 서울특별시행정심판위원회에 행정심판을 청구할 수 있습니다(「행정심판법」 제27조). 온라인행정심판(www.simpan.go.kr)으로도 청구할 수 있습니다.',
  ];
}

/** The ground a notice gives for telling the person how to object (Administrative Procedure Act Arts. 23, 26). */
export const REASONS_AND_REMEDIES_BASIS = '「행정절차법」 제23조(처분의 이유 제시), 제26조(고지)';
