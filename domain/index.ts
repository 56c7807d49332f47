/**
 * The public API of the pure domain layer. Everything here is deterministic and free of I/O at run time
 * (JSON data is bundled by import), so workflow code may import it; calendar functions use the
 * date-holidays library, also deterministic.
 */
export * from './codes';

export {
  SERVICE_CATALOGUE,
  SERVICE_CODES,
  URGENT_SERVICES,
  DOMAIN_CODE_PREFIX,
  ServiceSchema,
  ServiceCode,
  getService,
  isServiceCode,
  servicesByDomain,
  parseCatalogue,
} from './catalogue/catalogue';
export type { Service } from './catalogue/catalogue';
export { PROVIDER_TYPES, PROVIDER_TYPE_INFO, ProviderType } from './catalogue/provider-types';
export type { ProviderTypeInfo } from './catalogue/provider-types';

export {
  DISTRICTS,
  DONGS,
  DistrictCode,
  DongCode,
  getDistrict,
  getDong,
  dongsOf,
  districtOfDong,
  isDistrictCode,
  isDongCode,
} from './areas/areas';
export type { District, Dong } from './areas/areas';

export { ProviderSchema, ProviderId } from './providers/provider';
export type { Provider } from './providers/provider';
export { PROVIDER_DIRECTORY, getProvider, parseDirectory } from './providers/directory';
export { matchProviders, servesDong } from './providers/matching';
export type { MatchRequest } from './providers/matching';

export {
  decideEligibility,
  EligibilityInput,
  EligibilityReasonCode,
  ELIGIBILITY_REASON_CODES,
  ELIGIBILITY_AGE,
  MIN_NEED_DOMAINS,
} from './eligibility';
export type { EligibilityDecision, EligibilityReason } from './eligibility';
export {
  screenPreSurvey,
  PreSurveyInput,
  ADL_ITEMS,
  AdlItem,
  AdlScore,
  PRE_SURVEY_ADL_THRESHOLD,
  PRE_SURVEY_REASON_CODES,
} from './pre-survey';
export type { PreSurveyScreen, PreSurveyReasonCode } from './pre-survey';
export { AssessmentResult, NeedLevel, NEED_LEVELS, assessmentNeedDomains } from './assessment';

export { koreanPublicHolidays, holidayNames, isPublicHoliday } from './holidays';
export { isBusinessDay, nextBusinessDay, addBusinessDays, businessDaysBetween, DEFAULT_CLOSING_HOUR } from './calendar';
export type { CalendarOptions } from './calendar';
export {
  SEOUL_OFFSET_HOURS,
  toInstant,
  seoulDateOf,
  seoulDateTime,
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  ageInYears,
  isIsoDate,
  assertIsoDate,
} from './seoul-date';

export { PolicySchema, DEFAULT_POLICY, ALL_DISTRICTS, resolvePolicy } from './policy';
export type { Policy, PolicyOverrides } from './policy';
export { monitoringSchedule, nextMonitoringDue } from './monitoring';
export type { NextMonitoringInput } from './monitoring';
export { providerDecisionDeadline, monitoringOverdueAt } from './deadlines';

export { seededRandom } from './seeded-random';
export type { SeededRandom } from './seeded-random';
