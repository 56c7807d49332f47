/**
 * The districts' operating policy overrides (DOLBOM_POLICY_OVERRIDES, domain/policy.ts), checked once at start for
 * every district they name: a bad value stops the process. The worker reads them for deadlines
 * (activities/calendar.ts); the API for the policy a new case starts with (api/services/cases.ts).
 */
import type { Logger } from 'pino';
import { ALL_DISTRICTS, resolvePolicy, type PolicyOverrides } from '../domain/policy';
import type { Config } from './config';

export function policyOverrides(config: Config, logger: Logger): PolicyOverrides {
  const overrides = config.DOLBOM_POLICY_OVERRIDES as PolicyOverrides;
  for (const district of Object.keys(overrides).filter((d) => d !== ALL_DISTRICTS)) resolvePolicy(district, overrides);
  if (Object.keys(overrides).length > 0) logger.info({ districts: Object.keys(overrides) }, 'district policy overrides in force');
  return overrides;
}
