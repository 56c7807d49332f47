import { PRE_SURVEY_ADL_THRESHOLD, screenPreSurvey, type PreSurveyInput } from './pre-survey';

const adl = (over: Partial<PreSurveyInput['adl']> = {}): PreSurveyInput['adl'] => ({
  bathing: 0,
  dressing: 0,
  eating: 0,
  toileting: 0,
  transferring: 0,
  continence: 0,
  grooming: 0,
  ...over,
});

test('the threshold is 3: a score of 2 does not request, 3 does', () => {
  expect(PRE_SURVEY_ADL_THRESHOLD).toBe(3);
  const two = screenPreSurvey({ adl: adl({ bathing: 1, dressing: 1 }) });
  expect(two).toMatchObject({ requestFullAssessment: false, score: 2 });
  expect(two.reasons.map((r) => r.code)).toEqual(['BELOW_THRESHOLD']);
  const three = screenPreSurvey({ adl: adl({ bathing: 1, dressing: 1, grooming: 1 }) });
  expect(three).toMatchObject({ requestFullAssessment: true, score: 3 });
  expect(three.reasons.map((r) => r.code)).toEqual(['ADL_SCORE_AT_THRESHOLD']);
});

test('one dependent item requests the assessment even below the threshold', () => {
  const s = screenPreSurvey({ adl: adl({ transferring: 2 }) });
  expect(s).toMatchObject({ requestFullAssessment: true, score: 2 });
  expect(s.reasons.map((r) => r.code)).toEqual(['ADL_DEPENDENT_ITEM']);
});

test('some help plus a risk flag requests; a risk flag with no ADL need does not', () => {
  expect(screenPreSurvey({ adl: adl({ bathing: 1 }), recentDischarge: true }).reasons.map((r) => r.code)).toEqual(['ADL_HELP_WITH_RISK']);
  expect(screenPreSurvey({ adl: adl({ bathing: 1 }), livesAlone: true }).requestFullAssessment).toBe(true);
  expect(screenPreSurvey({ adl: adl(), livesAlone: true, recentDischarge: true }).requestFullAssessment).toBe(false);
});

test('a cognitive concern requests whatever the ADL score', () => {
  const s = screenPreSurvey({ adl: adl(), cognitiveConcern: true });
  expect(s).toMatchObject({ requestFullAssessment: true, score: 0 });
  expect(s.reasons.map((r) => r.code)).toEqual(['COGNITIVE_CONCERN']);
});

test('the score sums all seven items up to 14', () => {
  const all = screenPreSurvey({
    adl: adl({ bathing: 2, dressing: 2, eating: 2, toileting: 2, transferring: 2, continence: 2, grooming: 2 }),
  });
  expect(all.score).toBe(14);
  expect(all.reasons.map((r) => r.code)).toEqual(['ADL_DEPENDENT_ITEM', 'ADL_SCORE_AT_THRESHOLD']);
});

test('a missing item, an unknown item or an out-of-range score is rejected', () => {
  const { grooming: _omit, ...six } = adl();
  expect(() => screenPreSurvey({ adl: six as PreSurveyInput['adl'] })).toThrow(/adl\.grooming/);
  expect(() => screenPreSurvey({ adl: { ...adl(), walking: 1 } as PreSurveyInput['adl'] })).toThrow(/adl/);
  expect(() => screenPreSurvey({ adl: adl({ eating: 3 as never }) })).toThrow(/adl\.eating/);
});
