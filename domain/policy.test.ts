import { DEFAULT_POLICY } from './policy-defaults';
import { resolvePolicy } from './policy';

test('defaults apply to a district without overrides', () => {
  expect(resolvePolicy('11110')).toEqual({
    providerDecisionBusinessDays: 3,
    maxProvidersBeforeEscalation: 3,
    monitoringIntervalMonths: 6,
    firstMonitoringWithinMonths: 3,
    overdueGraceBusinessDays: 2,
    urgentDecisionBusinessDays: 0,
    assessmentBusinessDays: 10,
    reassessmentIntervalMonths: 12,
    monitoringReminderDays: 14,
    extraHolidays: [],
  });
});

test('urgent referrals: the decision window is 0 (same business day) by default, whole days 0..30 when set', () => {
  expect(resolvePolicy('11110', { '11110': { urgentDecisionBusinessDays: 2 } }).urgentDecisionBusinessDays).toBe(2);
  expect(() => resolvePolicy('11110', { '11110': { urgentDecisionBusinessDays: -1 } })).toThrow(
    /district 11110.*urgentDecisionBusinessDays: must be at least 0/,
  );
});

test("a district's override applies to it only, on top of '*'", () => {
  const overrides = {
    '*': { extraHolidays: ['2025-01-27'], providerDecisionBusinessDays: 4 },
    '11710': { monitoringIntervalMonths: 3, extraHolidays: ['2025-06-03'], providerDecisionBusinessDays: 2 },
  };
  expect(resolvePolicy('11710', overrides)).toMatchObject({
    monitoringIntervalMonths: 3,
    providerDecisionBusinessDays: 2,
    extraHolidays: ['2025-01-27', '2025-06-03'],
  });
  expect(resolvePolicy('11110', overrides)).toMatchObject({
    monitoringIntervalMonths: 6,
    providerDecisionBusinessDays: 4,
    extraHolidays: ['2025-01-27'],
  });
});

test('a monitoring interval of 7 months is rejected, naming the district and the field', () => {
  expect(() => resolvePolicy('11110', { '11110': { monitoringIntervalMonths: 7 } })).toThrow(
    /district 11110.*monitoringIntervalMonths: must be at most 6/,
  );
  expect(() => resolvePolicy('11110', { '*': { monitoringIntervalMonths: 0 } })).toThrow(/monitoringIntervalMonths/);
  expect(resolvePolicy('11110', { '11110': { monitoringIntervalMonths: 1 } }).monitoringIntervalMonths).toBe(1);
});

test('first monitoring later than 3 months and other bad values are rejected by field', () => {
  expect(() => resolvePolicy('11110', { '11110': { firstMonitoringWithinMonths: 4 } })).toThrow(/firstMonitoringWithinMonths/);
  expect(() => resolvePolicy('11110', { '11110': { providerDecisionBusinessDays: 0 } })).toThrow(/providerDecisionBusinessDays/);
  expect(() => resolvePolicy('11110', { '11110': { maxProvidersBeforeEscalation: 2.5 } })).toThrow(/maxProvidersBeforeEscalation/);
  expect(() => resolvePolicy('11110', { '11110': { overdueGraceBusinessDays: -1 } })).toThrow(/overdueGraceBusinessDays/);
  expect(() => resolvePolicy('11110', { '11110': { extraHolidays: ['2025-13-01'] } })).toThrow(/extraHolidays\.0/);
});

test('unknown fields and unknown district codes are rejected', () => {
  expect(() => resolvePolicy('11110', { '11110': { monitoringIntervalMonth: 3 } as never })).toThrow(
    /unknown field\(s\) monitoringIntervalMonth/,
  );
  expect(() => resolvePolicy('99999')).toThrow(/unknown district code '99999'/);
  expect(() => resolvePolicy('11110', { '11111': {} })).toThrow(/overrides: unknown district code '11111'/);
});

test('the defaults object cannot be changed by a caller', () => {
  expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  const p = resolvePolicy('11110');
  p.extraHolidays.push('2030-01-01');
  expect(resolvePolicy('11110').extraHolidays).toEqual([]);
});
