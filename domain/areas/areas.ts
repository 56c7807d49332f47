/**
 * Seoul's 25 districts (자치구) and their administrative dongs (행정동), loaded from seoul-areas.json and
 * validated at import. Districts are real; dongs are synthetic (see the file's _note). Cases, caseworkers
 * and provider coverage are all keyed on these codes, so lookups throw on an unknown code rather than
 * return undefined.
 */
import { z } from 'zod';
import rawAreas from './seoul-areas.json';

export const DistrictCode = z.string().regex(/^11\d{3}$/, 'district code must be 5 digits starting 11');
export const DongCode = z.string().regex(/^11\d{6}$/, 'dong code must be the district code + 3 digits');

const DistrictRecord = z.object({ code: DistrictCode, nameKo: z.string().min(1), nameEn: z.string().min(1) }).strict();

const DongRecord = z
  .object({
    code: DongCode,
    districtCode: DistrictCode,
    nameKo: z.string().regex(/동$/, 'a dong name ends in 동'),
    nameEn: z.string().min(1),
    synthetic: z.literal(true),
    /** Residents aged 65+: a weight to spread benchmark cases like Seoul's older population. */
    population65Plus: z.int().positive(),
  })
  .strict();
export type Dong = z.infer<typeof DongRecord>;

const AreasFile = z.object({
  synthetic: z.object({ districts: z.literal(false), dongs: z.literal(true) }),
  districts: z.array(DistrictRecord).length(25),
  dongs: z.array(DongRecord).min(1),
});

export interface District extends z.infer<typeof DistrictRecord> {
  /** Sum over its dongs, synthetic like them. */
  population65Plus: number;
  dongCount: number;
}

/** Validates the areas data and its cross-references; throws naming the offending record. */
export function parseAreas(raw: unknown): { districts: readonly District[]; dongs: readonly Dong[] } {
  const parsed = AreasFile.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`seoul-areas.json invalid: ${detail}`);
  }
  const { districts, dongs } = parsed.data;
  const districtCodes = new Set<string>();
  for (const d of districts) {
    if (districtCodes.has(d.code)) throw new Error(`seoul-areas.json: duplicate district ${d.code}`);
    districtCodes.add(d.code);
  }
  const dongCodes = new Set<string>();
  for (const dong of dongs) {
    if (dongCodes.has(dong.code)) throw new Error(`seoul-areas.json: duplicate dong ${dong.code}`);
    dongCodes.add(dong.code);
    if (!districtCodes.has(dong.districtCode)) {
      throw new Error(`seoul-areas.json: dong ${dong.code} names unknown district ${dong.districtCode}`);
    }
    if (!dong.code.startsWith(dong.districtCode)) {
      throw new Error(`seoul-areas.json: dong ${dong.code} does not start with its district code ${dong.districtCode}`);
    }
  }
  return {
    districts: districts.map((d) => {
      const own = dongs.filter((x) => x.districtCode === d.code);
      return Object.freeze({
        ...d,
        dongCount: own.length,
        population65Plus: own.reduce((sum, x) => sum + x.population65Plus, 0),
      });
    }),
    dongs: dongs.map((d) => Object.freeze(d)),
  };
}

const AREAS = parseAreas(rawAreas);
export const DISTRICTS: readonly District[] = Object.freeze(AREAS.districts);
export const DONGS: readonly Dong[] = Object.freeze(AREAS.dongs);

const DISTRICT_BY_CODE = new Map(DISTRICTS.map((d) => [d.code, d]));
const DONG_BY_CODE = new Map(DONGS.map((d) => [d.code, d]));
const DONGS_BY_DISTRICT = new Map(DISTRICTS.map((d) => [d.code, Object.freeze(DONGS.filter((x) => x.districtCode === d.code))]));

export function isDistrictCode(code: string): boolean {
  return DISTRICT_BY_CODE.has(code);
}

export function isDongCode(code: string): boolean {
  return DONG_BY_CODE.has(code);
}

export function getDistrict(code: string): District {
  const district = DISTRICT_BY_CODE.get(code);
  if (!district) throw new Error(`unknown district code '${code}'`);
  return district;
}

export function getDong(code: string): Dong {
  const dong = DONG_BY_CODE.get(code);
  if (!dong) throw new Error(`unknown dong code '${code}'`);
  return dong;
}

export function dongsOf(districtCode: string): readonly Dong[] {
  const dongs = DONGS_BY_DISTRICT.get(districtCode);
  if (!dongs) throw new Error(`unknown district code '${districtCode}'`);
  return dongs;
}

export function districtOfDong(dongCode: string): District {
  return getDistrict(getDong(dongCode).districtCode);
}
