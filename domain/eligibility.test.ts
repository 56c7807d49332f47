import { decideEligibility, EligibilityInput } from './eligibility';

const base: EligibilityInput = {
  ageYears: 70,
  severeDisabilityRecognised: false,
  difficultyCauses: ['frailty'],
  needDomains: ['medical', 'dailyCare'],
};
const codes = (input: EligibilityInput) => decideEligibility(input).reasons.map((r) => r.code);

test('route: aged 65+', () => {
  const d = decideEligibility(base);
  expect(d.eligible).toBe(true);
  expect(d.routes).toEqual(['aged65Plus']);
  expect(codes(base)).toEqual(['DIFFICULTY_PRESENT', 'MULTI_DOMAIN_NEED', 'ROUTE_AGE_65']);
});

test('route: recognised severe disability, under 65', () => {
  const d = decideEligibility({ ...base, ageYears: 40, severeDisabilityRecognised: true, difficultyCauses: ['disability'] });
  expect(d.eligible).toBe(true);
  expect(d.routes).toEqual(['severeDisability']);
  expect(d.reasons.map((r) => r.code)).toContain('ROUTE_SEVERE_DISABILITY');
});

test('route: district-recognised with the Ministry consulted', () => {
  const d = decideEligibility({ ...base, ageYears: 58, districtRecognised: { recognised: true, ministryConsulted: true } });
  expect(d.eligible).toBe(true);
  expect(d.routes).toEqual(['districtRecognised']);
  expect(d.reasons.map((r) => r.code)).toContain('ROUTE_DISTRICT_RECOGNISED');
});

test('several routes are all reported', () => {
  const d = decideEligibility({
    ...base,
    severeDisabilityRecognised: true,
    districtRecognised: { recognised: true, ministryConsulted: true },
  });
  expect(d.routes).toEqual(['aged65Plus', 'severeDisability', 'districtRecognised']);
});

test('district recognition without consulting the Ministry is not a route', () => {
  const d = decideEligibility({ ...base, ageYears: 58, districtRecognised: { recognised: true, ministryConsulted: false } });
  expect(d.eligible).toBe(false);
  expect(d.routes).toEqual([]);
  expect(d.reasons.map((r) => r.code)).toEqual([
    'DIFFICULTY_PRESENT',
    'MULTI_DOMAIN_NEED',
    'NO_ROUTE',
    'UNDER_65',
    'NO_SEVERE_DISABILITY',
    'DISTRICT_NOT_CONSULTED',
  ]);
});

test('no route at all names every route that failed', () => {
  const d = decideEligibility({ ...base, ageYears: 50 });
  expect(d.eligible).toBe(false);
  expect(d.reasons.filter((r) => !r.met).map((r) => r.code)).toEqual([
    'NO_ROUTE',
    'UNDER_65',
    'NO_SEVERE_DISABILITY',
    'DISTRICT_NOT_RECOGNISED',
  ]);
});

test('no difficulty in daily life fails even with a route and several domains', () => {
  const d = decideEligibility({ ...base, difficultyCauses: [] });
  expect(d.eligible).toBe(false);
  expect(d.reasons[0]).toMatchObject({ code: 'NO_DIFFICULTY', met: false });
  expect(d.routes).toEqual(['aged65Plus']);
});

test('a need in one domain only fails; duplicates do not count twice; none at all is its own reason', () => {
  const single = decideEligibility({ ...base, needDomains: ['dailyCare', 'dailyCare'] });
  expect(single.eligible).toBe(false);
  expect(single.needDomains).toEqual(['dailyCare']);
  expect(single.reasons.map((r) => r.code)).toContain('SINGLE_DOMAIN_NEED');
  const none = decideEligibility({ ...base, needDomains: [] });
  expect(none.reasons.map((r) => r.code)).toContain('NO_DOMAIN_NEED');
  expect(none.eligible).toBe(false);
});

test('boundary: 64 is not, exactly 65 is, by age in years or by birth date', () => {
  expect(decideEligibility({ ...base, ageYears: 64 }).eligible).toBe(false);
  expect(decideEligibility({ ...base, ageYears: 65 }).eligible).toBe(true);
  const { ageYears: _omit, ...noAge } = base;
  const dayBefore = decideEligibility({ ...noAge, birthDate: '1961-03-27', asOf: '2026-03-26' });
  expect(dayBefore.ageYears).toBe(64);
  expect(dayBefore.eligible).toBe(false);
  const birthday = decideEligibility({ ...noAge, birthDate: '1961-03-27', asOf: '2026-03-27' });
  expect(birthday.ageYears).toBe(65);
  expect(birthday.routes).toEqual(['aged65Plus']);
});

test('inputs are validated: age source, causes and domains', () => {
  expect(() => decideEligibility({ ...base, birthDate: '1950-01-01', asOf: '2026-01-01' })).toThrow(/either ageYears/);
  const { ageYears: _omit, ...noAge } = base;
  expect(() => decideEligibility(noAge)).toThrow(/either ageYears/);
  expect(() => decideEligibility({ ...noAge, birthDate: '1950-01-01' })).toThrow(/go together/);
  expect(() => decideEligibility({ ...base, difficultyCauses: ['boredom' as never] })).toThrow(/difficultyCauses/);
  expect(() => decideEligibility({ ...base, needDomains: ['dental' as never] })).toThrow(/needDomains/);
});
