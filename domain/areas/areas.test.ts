import raw from './seoul-areas.json';
import { DISTRICTS, DONGS, districtOfDong, dongsOf, getDistrict, getDong, isDistrictCode, isDongCode, parseAreas } from './areas';
import { generateAreas, renderAreas } from './generate-areas';
import { readFileSync } from 'fs';
import { join } from 'path';

test('25 districts with unique real codes from 11110 to 11740', () => {
  expect(DISTRICTS).toHaveLength(25);
  expect(new Set(DISTRICTS.map((d) => d.code)).size).toBe(25);
  expect(getDistrict('11110').nameEn).toBe('Jongno-gu');
  expect(getDistrict('11740').nameKo).toBe('강동구');
});

test('total dongs between 400 and 450, proportional to the real counts', () => {
  expect(DONGS.length).toBeGreaterThanOrEqual(400);
  expect(DONGS.length).toBeLessThanOrEqual(450);
  expect(dongsOf('11710')).toHaveLength(27); // Songpa
  expect(dongsOf('11680')).toHaveLength(22); // Gangnam
  expect(dongsOf('11110')).toHaveLength(17); // Jongno
  expect(dongsOf('11140')).toHaveLength(15); // Jung
});

test("every dong's code starts with its district's code and dongs are synthetic", () => {
  for (const dong of DONGS) {
    expect(dong.code.slice(0, 5)).toBe(dong.districtCode);
    expect(dong.code).toHaveLength(8);
    expect(dong.synthetic).toBe(true);
    expect(districtOfDong(dong.code).code).toBe(dong.districtCode);
  }
  expect(new Set(DONGS.map((d) => d.code)).size).toBe(DONGS.length);
});

test('dong names are unique within a district', () => {
  for (const d of DISTRICTS) {
    const names = dongsOf(d.code).map((x) => x.nameKo);
    expect(new Set(names).size).toBe(names.length);
  }
});

test('65+ weights add up to roughly Seoul older population', () => {
  const total = DONGS.reduce((s, d) => s + d.population65Plus, 0);
  expect(total).toBeGreaterThan(1_700_000);
  expect(total).toBeLessThan(2_100_000);
  expect(DISTRICTS.reduce((s, d) => s + d.population65Plus, 0)).toBe(total);
  expect(getDistrict('11710').population65Plus).toBeGreaterThan(getDistrict('11140').population65Plus);
});

test('unknown codes throw', () => {
  expect(() => getDistrict('11111')).toThrow(/unknown district code '11111'/);
  expect(() => getDong('11110999')).toThrow(/unknown dong code/);
  expect(() => dongsOf('26110')).toThrow(/unknown district/);
  expect(isDistrictCode('11545')).toBe(true);
  expect(isDongCode(DONGS[0]!.code)).toBe(true);
  expect(isDongCode('11545')).toBe(false);
});

test('the loader rejects a dong filed under the wrong district', () => {
  const bad = structuredClone(raw);
  bad.dongs[0]!.districtCode = '11140';
  expect(() => parseAreas(bad)).toThrow(/does not start with its district code/);
  const notSynthetic = structuredClone(raw) as { dongs: { synthetic: boolean }[] };
  notSynthetic.dongs[0]!.synthetic = false;
  expect(() => parseAreas(notSynthetic)).toThrow(/dongs\.0\.synthetic/);
});

test('the committed JSON is exactly what the seeded generator writes', () => {
  const committed = readFileSync(join(__dirname, 'seoul-areas.json'), 'utf8');
  expect(renderAreas(generateAreas())).toBe(committed);
});
