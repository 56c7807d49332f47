/**
 * Writes directory.json: a SYNTHETIC provider directory for all 25 districts. Why synthetic: no public
 * register lists who delivers each of the 45 services where, and the engine needs a realistic shape to
 * route referrals and benchmark. Deterministic (seeded), so re-running gives the same bytes:
 *   npx tsx domain/providers/generate-directory.ts
 *
 * Shape, by kind of organisation (see PLAN):
 * - city: a few organisations serving all 25 districts (city programmes, SH/LH, city contractors);
 * - ring: one per district, serving its own and the next two districts in code order (centres that
 *   exist once per district but in practice take neighbours' cases), so each district has exactly three;
 * - district: three or more per district serving the whole district, plus optional small dong-level
 *   organisations serving a few dongs (these rank first when matching for their dongs).
 * Guarantee, checked before writing: every service has at least 3 providers with open capacity for
 * every dong of Seoul, so matching can try several before escalating.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { SERVICE_CATALOGUE } from '../catalogue/catalogue';
import { PROVIDER_TYPES, PROVIDER_TYPE_INFO, ProviderType } from '../catalogue/provider-types';
import { DISTRICTS, DONGS, dongsOf } from '../areas/areas';
import { seededRandom, SeededRandom } from '../seeded-random';
import type { Provider } from './provider';
import { matchProviders } from './matching';

const SEED = 4515; // 45 services, 5 domains

type Range = readonly [number, number];
type Plan =
  | { scope: 'city'; names: readonly [string, string][]; capacity: Range }
  | { scope: 'ring'; capacity: Range }
  | { scope: 'district'; perDistrict: Range; dongLevel?: Range; capacity: Range };

const PLAN: Record<ProviderType, Plan> = {
  primaryCareClinic: { scope: 'district', perDistrict: [3, 4], dongLevel: [2, 3], capacity: [2, 12] },
  homeMedicalCentre: { scope: 'district', perDistrict: [3, 3], capacity: [5, 20] },
  homeNursingAgency: { scope: 'district', perDistrict: [3, 4], capacity: [5, 25] },
  hospitalPatientSupportTeam: { scope: 'ring', capacity: [10, 40] },
  districtProgramme: { scope: 'district', perDistrict: [3, 3], capacity: [20, 80] },
  dentalClinic: { scope: 'district', perDistrict: [3, 3], dongLevel: [1, 2], capacity: [2, 10] },
  pharmacy: { scope: 'district', perDistrict: [3, 3], dongLevel: [2, 3], capacity: [3, 15] },
  hospiceAgency: { scope: 'ring', capacity: [3, 12] },
  dementiaCentre: { scope: 'ring', capacity: [20, 60] },
  healthCentre: { scope: 'district', perDistrict: [3, 3], capacity: [30, 100] },
  healthLivingCentre: { scope: 'ring', capacity: [15, 40] },
  seoulCityProgramme: {
    scope: 'city',
    names: [
      ['서울시 건강돌봄 운영단', 'Seoul health-care programme office'],
      ['서울시 1인가구지원센터', 'Seoul single-household support centre'],
      ['서울시복지재단 돌봄사업단', 'Seoul Welfare Foundation care unit'],
    ],
    capacity: [500, 2000],
  },
  mentalHealthWelfareCentre: { scope: 'ring', capacity: [10, 40] },
  communityWelfareCentre: { scope: 'district', perDistrict: [3, 3], dongLevel: [1, 2], capacity: [10, 40] },
  isolationPreventionCentre: { scope: 'ring', capacity: [10, 40] },
  nhisBranch: { scope: 'ring', capacity: [30, 90] },
  inHomeLtcAgency: { scope: 'district', perDistrict: [3, 5], dongLevel: [1, 2], capacity: [3, 20] },
  dayCareCentre: { scope: 'district', perDistrict: [3, 4], capacity: [2, 15] },
  respiteFacility: { scope: 'ring', capacity: [2, 10] },
  welfareEquipmentSupplier: { scope: 'district', perDistrict: [3, 3], capacity: [10, 50] },
  integratedHomeCareAgency: { scope: 'district', perDistrict: [3, 3], capacity: [3, 15] },
  nursingHome: { scope: 'district', perDistrict: [3, 3], capacity: [1, 8] },
  elderlyCareAgency: { scope: 'district', perDistrict: [3, 3], dongLevel: [1, 1], capacity: [10, 40] },
  careSosProvider: { scope: 'district', perDistrict: [3, 3], capacity: [5, 25] },
  mealProvider: { scope: 'district', perDistrict: [3, 3], capacity: [10, 50] },
  cityContractor: {
    scope: 'city',
    names: [1, 2, 3, 4].map((n) => [`서울 병원안심동행 ${n}센터`, `Seoul hospital-accompaniment centre ${n}`] as [string, string]),
    capacity: [200, 800],
  },
  activitySupportAgency: { scope: 'district', perDistrict: [3, 3], capacity: [5, 25] },
  districtContractor: { scope: 'district', perDistrict: [3, 3], capacity: [10, 40] },
  mobilitySupportCentre: { scope: 'ring', capacity: [10, 40] },
  familyCentre: { scope: 'ring', capacity: [10, 30] },
  housingWelfareCentre: { scope: 'ring', capacity: [5, 20] },
  publicHousingAgency: {
    scope: 'city',
    names: [
      ['서울주택도시개발공사(SH) 주거복지처', 'SH Seoul Housing, housing-welfare office'],
      ['한국토지주택공사(LH) 서울지역본부', 'LH Seoul regional headquarters'],
      ['서울시 사회주택종합지원센터', 'Seoul social-housing support centre'],
    ],
    capacity: [50, 300],
  },
  longTermCareHospital: { scope: 'ring', capacity: [10, 40] },
};

/** Brand words for invented organisation names. */
const BRANDS: readonly [string, string][] = [
  ['행복', 'Haengbok'],
  ['사랑', 'Sarang'],
  ['햇살', 'Haetsal'],
  ['늘푸른', 'Neulpureun'],
  ['한마음', 'Hanmaeum'],
  ['새봄', 'Saebom'],
  ['온누리', 'Onnuri'],
  ['미소', 'Miso'],
  ['든든', 'Deunden'],
  ['참좋은', 'Chamjoeun'],
  ['다온', 'Daon'],
  ['해맑은', 'Haemalgeun'],
  ['소망', 'Somang'],
  ['은빛', 'Eunbit'],
  ['효성', 'Hyoseong'],
  ['으뜸', 'Eutteum'],
];

const primaryServices = (type: ProviderType) => SERVICE_CATALOGUE.filter((s) => s.providerType === type).map((s) => s.code);
const alternativeServices = (type: ProviderType) =>
  SERVICE_CATALOGUE.filter((s) => s.alternativeProviderTypes.includes(type)).map((s) => s.code);

/** Services of one organisation: all its type's own services for the guaranteed ones, a subset otherwise. */
function servicesFor(type: ProviderType, guaranteed: boolean, rnd: SeededRandom, allAlternatives = false): string[] {
  const own = primaryServices(type);
  let chosen = guaranteed ? own : own.filter(() => rnd.next() < 0.7);
  if (chosen.length === 0) chosen = [rnd.pick(own)];
  const extras = alternativeServices(type).filter(() => allAlternatives || rnd.next() < 0.5);
  return [...chosen, ...extras].sort();
}

const id = (area: string, type: ProviderType, n: number) => `prv-${area}-${PROVIDER_TYPE_INFO[type].abbr}-${String(n).padStart(2, '0')}`;

export interface DirectoryFile {
  _note: string;
  synthetic: true;
  seed: number;
  providers: Provider[];
}

export function generateDirectory(seed = SEED): DirectoryFile {
  const rnd = seededRandom(seed);
  const providers: Provider[] = [];
  const allDistricts = DISTRICTS.map((d) => d.code);
  for (const type of PROVIDER_TYPES) {
    const plan = PLAN[type];
    const info = PROVIDER_TYPE_INFO[type];
    const cap = () => rnd.int(plan.capacity[0], plan.capacity[1]);
    if (plan.scope === 'city') {
      plan.names.forEach(([nameKo, nameEn], i) =>
        providers.push({
          id: id('11000', type, i + 1),
          nameKo,
          nameEn,
          providerType: type,
          services: servicesFor(type, true, rnd),
          districtCodes: allDistricts,
          dongCodes: [],
          capacity: cap(),
          synthetic: true,
        }),
      );
      continue;
    }
    DISTRICTS.forEach((district, index) => {
      if (plan.scope === 'ring') {
        providers.push({
          id: id(district.code, type, 1),
          nameKo: `${district.nameKo} ${info.nameKo}`,
          nameEn: `${district.nameEn} ${info.nameEn}`,
          providerType: type,
          services: servicesFor(type, true, rnd),
          districtCodes: [0, 1, 2].map((k) => allDistricts[(index + k) % allDistricts.length]!),
          dongCodes: [],
          capacity: cap(),
          synthetic: true,
        });
        return;
      }
      const brands = [...BRANDS];
      const brand = () => brands.splice(rnd.int(0, brands.length - 1), 1)[0]!;
      const wide = rnd.int(plan.perDistrict[0], plan.perDistrict[1]);
      let n = 0;
      for (let k = 0; k < wide; k++) {
        n++;
        const [bKo, bEn] = brand();
        // The district's own health centre (보건소) comes first; the others are branch offices (보건지소).
        const isMainHealthCentre = type === 'healthCentre' && k === 0;
        providers.push({
          id: id(district.code, type, n),
          nameKo: isMainHealthCentre
            ? `${district.nameKo}보건소`
            : type === 'healthCentre'
              ? `${district.nameKo} ${bKo}보건지소`
              : `${district.nameKo} ${bKo}${info.nameKo}`,
          nameEn: isMainHealthCentre
            ? `${district.nameEn} Health Centre`
            : type === 'healthCentre'
              ? `${district.nameEn} ${bEn} health sub-centre`
              : `${bEn} ${info.nameEn}, ${district.nameEn}`,
          providerType: type,
          services: servicesFor(type, k < 3, rnd, isMainHealthCentre),
          districtCodes: [district.code],
          dongCodes: [],
          capacity: cap(),
          synthetic: true,
        });
      }
      const dongs = dongsOf(district.code);
      const local = plan.dongLevel ? rnd.int(plan.dongLevel[0], plan.dongLevel[1]) : 0;
      for (let k = 0; k < local; k++) {
        n++;
        const [bKo, bEn] = brand();
        const start = rnd.int(0, dongs.length - 1);
        const served = Array.from({ length: rnd.int(1, 3) }, (_, j) => dongs[(start + j) % dongs.length]!.code);
        const firstDong = dongs[start]!;
        providers.push({
          id: id(district.code, type, n),
          nameKo: `${firstDong.nameKo} ${bKo}${info.nameKo}`,
          nameEn: `${bEn} ${info.nameEn}, ${firstDong.nameEn}`,
          providerType: type,
          services: servicesFor(type, false, rnd),
          districtCodes: [],
          dongCodes: [...new Set(served)].sort(),
          // Some small local organisations are full: matching must skip them.
          capacity: rnd.next() < 0.15 ? 0 : cap(),
          synthetic: true,
        });
      }
    });
  }
  providers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  assertCoverage(providers, 3);
  return {
    _note:
      'SYNTHETIC provider directory: invented organisations, services, areas and capacities (a few real public bodies are named only as typical operators). Generated by generate-directory.ts; do not edit by hand.',
    synthetic: true,
    seed,
    providers,
  };
}

/** Throws unless every service has at least `min` providers with open capacity for every dong. */
export function assertCoverage(providers: readonly Provider[], min: number): void {
  for (const service of SERVICE_CATALOGUE) {
    for (const dong of DONGS) {
      const found = matchProviders({ serviceCode: service.code, dongCode: dong.code, directory: providers }).length;
      if (found < min) throw new Error(`coverage: ${service.code} has ${found} < ${min} providers for dong ${dong.code}`);
    }
  }
}

/** One provider per line: small diffs when regenerated, still valid JSON. */
export function renderDirectory(file: DirectoryFile): string {
  return [
    '{',
    `  "_note": ${JSON.stringify(file._note)},`,
    `  "synthetic": true,`,
    `  "seed": ${file.seed},`,
    '  "providers": [',
    file.providers.map((p) => `    ${JSON.stringify(p)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

if (require.main === module) {
  const out = join(__dirname, 'directory.json');
  const file = generateDirectory();
  writeFileSync(out, renderDirectory(file));
  console.log(`wrote ${out}: ${file.providers.length} providers`);
}
