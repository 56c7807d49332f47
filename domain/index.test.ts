import * as domain from './index';
import * as eligibility from './eligibility';
import * as policy from './policy';

test('the public API is reachable from the index', () => {
  expect(domain.SERVICE_CATALOGUE).toHaveLength(45);
  expect(domain.DISTRICTS).toHaveLength(25);
  expect(domain.matchProviders({ serviceCode: 'DAY-02', dongCode: domain.DONGS[0]!.code, directory: domain.PROVIDER_DIRECTORY }).length).toBeGreaterThanOrEqual(3);
  expect(domain.resolvePolicy('11110').providerDecisionBusinessDays).toBe(3);
  expect(domain.isBusinessDay('2026-02-16')).toBe(false);
  // The brief's file names re-export the same functions as the index.
  expect(eligibility.screenPreSurvey).toBe(domain.screenPreSurvey);
  expect(eligibility.assessmentNeedDomains).toBe(domain.assessmentNeedDomains);
  expect(policy.monitoringSchedule).toBe(domain.monitoringSchedule);
  expect(typeof domain.decideEligibility).toBe('function');
  expect(domain.CARE_DOMAINS).toHaveLength(5);
});
