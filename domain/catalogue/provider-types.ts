/**
 * The kinds of organisation that deliver catalogue services (each service's `providerType` in services.json).
 * Stable slugs: referrals, the provider directory and reports key on them, so never rename one.
 * abbr is the short tag used inside provider ids (prv-<area>-<abbr>-<nn>).
 */
import type { z } from 'zod';
import { sharedInWorkflows } from '../shared';

export const PROVIDER_TYPES = [
  'primaryCareClinic',
  'homeMedicalCentre',
  'homeNursingAgency',
  'hospitalPatientSupportTeam',
  'districtProgramme',
  'dentalClinic',
  'pharmacy',
  'hospiceAgency',
  'dementiaCentre',
  'healthCentre',
  'healthLivingCentre',
  'seoulCityProgramme',
  'mentalHealthWelfareCentre',
  'communityWelfareCentre',
  'isolationPreventionCentre',
  'nhisBranch',
  'inHomeLtcAgency',
  'dayCareCentre',
  'respiteFacility',
  'welfareEquipmentSupplier',
  'integratedHomeCareAgency',
  'nursingHome',
  'elderlyCareAgency',
  'careSosProvider',
  'mealProvider',
  'cityContractor',
  'activitySupportAgency',
  'districtContractor',
  'mobilitySupportCentre',
  'familyCentre',
  'housingWelfareCentre',
  'publicHousingAgency',
  'longTermCareHospital',
] as const;
export type ProviderType = z.infer<typeof ProviderType>;

export interface ProviderTypeInfo {
  abbr: string;
  nameKo: string;
  nameEn: string;
}

export const PROVIDER_TYPE_INFO: Readonly<Record<ProviderType, ProviderTypeInfo>> = {
  primaryCareClinic: { abbr: 'cl', nameKo: '의원', nameEn: 'primary-care clinic' },
  homeMedicalCentre: { abbr: 'hm', nameKo: '재택의료센터', nameEn: 'home-medical centre' },
  homeNursingAgency: { abbr: 'hn', nameKo: '방문간호센터', nameEn: 'home-nursing agency' },
  hospitalPatientSupportTeam: { abbr: 'hp', nameKo: '병원 환자지원팀', nameEn: 'hospital patient-support team' },
  districtProgramme: { abbr: 'dp', nameKo: '구 돌봄사업단', nameEn: 'district programme' },
  dentalClinic: { abbr: 'dc', nameKo: '치과의원', nameEn: 'dental clinic' },
  pharmacy: { abbr: 'ph', nameKo: '약국', nameEn: 'pharmacy' },
  hospiceAgency: { abbr: 'hs', nameKo: '가정형호스피스', nameEn: 'hospice agency' },
  dementiaCentre: { abbr: 'dm', nameKo: '치매안심센터', nameEn: 'dementia centre' },
  healthCentre: { abbr: 'hc', nameKo: '보건소', nameEn: 'health centre' },
  healthLivingCentre: { abbr: 'hl', nameKo: '건강생활지원센터', nameEn: 'health-living centre' },
  seoulCityProgramme: { abbr: 'sc', nameKo: '서울시 사업단', nameEn: 'Seoul city programme' },
  mentalHealthWelfareCentre: { abbr: 'mh', nameKo: '정신건강복지센터', nameEn: 'mental-health welfare centre' },
  communityWelfareCentre: { abbr: 'cw', nameKo: '종합사회복지관', nameEn: 'community welfare centre' },
  isolationPreventionCentre: { abbr: 'ip', nameKo: '고립예방센터', nameEn: 'isolation-prevention centre' },
  nhisBranch: { abbr: 'nh', nameKo: '국민건강보험공단 지사', nameEn: 'NHIS branch' },
  inHomeLtcAgency: { abbr: 'lt', nameKo: '재가노인복지센터', nameEn: 'in-home LTC agency' },
  dayCareCentre: { abbr: 'dy', nameKo: '주야간보호센터', nameEn: 'day-care centre' },
  respiteFacility: { abbr: 'rs', nameKo: '단기보호센터', nameEn: 'respite facility' },
  welfareEquipmentSupplier: { abbr: 'we', nameKo: '복지용구사업소', nameEn: 'welfare-equipment supplier' },
  integratedHomeCareAgency: { abbr: 'ih', nameKo: '통합재가센터', nameEn: 'integrated home-care agency' },
  nursingHome: { abbr: 'nu', nameKo: '요양원', nameEn: 'nursing home' },
  elderlyCareAgency: { abbr: 'ec', nameKo: '노인맞춤돌봄 수행기관', nameEn: 'elderly-care agency' },
  careSosProvider: { abbr: 'so', nameKo: '돌봄SOS 제공기관', nameEn: 'Care SOS provider' },
  mealProvider: { abbr: 'me', nameKo: '도시락 제공기관', nameEn: 'meal provider' },
  cityContractor: { abbr: 'ct', nameKo: '서울시 위탁기관', nameEn: 'city contractor' },
  activitySupportAgency: { abbr: 'as', nameKo: '활동지원기관', nameEn: 'activity-support agency' },
  districtContractor: { abbr: 'dx', nameKo: '구 위탁기관', nameEn: 'district contractor' },
  mobilitySupportCentre: { abbr: 'mb', nameKo: '이동지원센터', nameEn: 'mobility-support centre' },
  familyCentre: { abbr: 'fc', nameKo: '가족센터', nameEn: 'family centre' },
  housingWelfareCentre: { abbr: 'hw', nameKo: '주거복지센터', nameEn: 'housing-welfare centre' },
  publicHousingAgency: { abbr: 'sh', nameKo: '공공주택기관', nameEn: 'public housing agency (SH/LH)' },
  longTermCareHospital: { abbr: 'lh', nameKo: '요양병원', nameEn: 'long-term care hospital' },
};

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { ProviderType } = sharedInWorkflows('domain/catalogue/provider-types', (z) => {
  const ProviderType = z.enum(PROVIDER_TYPES);
  return { ProviderType };
});
