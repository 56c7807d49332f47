import { AssessmentResult, assessmentNeedDomains } from './assessment';

test('the two need levels map to domains', () => {
  expect(assessmentNeedDomains({ medicalSupportNeed: 'high', dailyCareNeed: 'high', needDomains: [] })).toEqual([
    'medical',
    'longTermCare',
    'dailyCare',
  ]);
  expect(assessmentNeedDomains({ medicalSupportNeed: 'moderate', dailyCareNeed: 'low', needDomains: [] })).toEqual([
    'medical',
    'dailyCare',
  ]);
  expect(assessmentNeedDomains({ medicalSupportNeed: 'low', dailyCareNeed: 'none', needDomains: [] })).toEqual(['health']);
  expect(assessmentNeedDomains({ medicalSupportNeed: 'none', dailyCareNeed: 'none', needDomains: [] })).toEqual([]);
});

test('flagged domains are added once, in catalogue order', () => {
  expect(assessmentNeedDomains({ medicalSupportNeed: 'none', dailyCareNeed: 'moderate', needDomains: ['housing', 'dailyCare'] })).toEqual([
    'dailyCare',
    'housing',
  ]);
});

test('the schema rejects unknown levels and fields', () => {
  expect(AssessmentResult.safeParse({ medicalSupportNeed: 'severe', dailyCareNeed: 'low', needDomains: [] }).success).toBe(false);
  expect(
    AssessmentResult.safeParse({ medicalSupportNeed: 'low', dailyCareNeed: 'low', needDomains: [], rrn: '000000-0000000' }).success,
  ).toBe(false);
  expect(
    AssessmentResult.safeParse({ medicalSupportNeed: 'low', dailyCareNeed: 'low', needDomains: [], assessedOn: '2026-02-30' }).success,
  ).toBe(false);
  expect(() => assessmentNeedDomains({ medicalSupportNeed: 'x' as never, dailyCareNeed: 'low', needDomains: [] })).toThrow();
});
