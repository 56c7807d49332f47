import { dongsOf } from '../areas/areas';
import { PROVIDER_DIRECTORY } from './directory';
import { matchProviders, providerFitRefusal, servesDong } from './matching';
import type { Provider } from './provider';

const [dongA, dongB] = dongsOf('11110').map((d) => d.code) as [string, string];
const otherDistrictDong = dongsOf('11140')[0]!.code;

const provider = (id: string, over: Partial<Provider>): Provider => ({
  id,
  nameKo: id,
  nameEn: id,
  providerType: 'inHomeLtcAgency',
  services: ['LTC-02'],
  districtCodes: ['11110'],
  dongCodes: [],
  capacity: 5,
  synthetic: true,
  ...over,
});

const directory: Provider[] = [
  provider('prv-11110-lt-03', { capacity: 5 }),
  provider('prv-11110-lt-01', { capacity: 5 }),
  provider('prv-11110-lt-02', { capacity: 9 }),
  provider('prv-11110-lt-04', { districtCodes: [], dongCodes: [dongA], capacity: 1 }),
  provider('prv-11110-lt-05', { districtCodes: [], dongCodes: [dongB], capacity: 50 }),
  provider('prv-11140-lt-01', { districtCodes: ['11140'], capacity: 99 }),
  provider('prv-11110-lt-06', { capacity: 0 }),
  provider('prv-11110-lt-07', { services: ['LTC-03'], capacity: 40 }),
];

const ids = (ps: Provider[]) => ps.map((p) => p.id);

test('dong-specific first, then most open capacity, then id', () => {
  expect(ids(matchProviders({ serviceCode: 'LTC-02', dongCode: dongA, directory }))).toEqual([
    'prv-11110-lt-04', // names the dong itself, even with 1 slot
    'prv-11110-lt-02', // 9 slots
    'prv-11110-lt-01', // 5 slots, id before -03
    'prv-11110-lt-03',
  ]);
});

test('area filter: a dong-level provider serves only its dongs, a district one only its district', () => {
  const forB = ids(matchProviders({ serviceCode: 'LTC-02', dongCode: dongB, directory }));
  expect(forB[0]).toBe('prv-11110-lt-05');
  expect(forB).not.toContain('prv-11110-lt-04');
  expect(forB).not.toContain('prv-11140-lt-01');
  expect(ids(matchProviders({ serviceCode: 'LTC-02', dongCode: otherDistrictDong, directory }))).toEqual(['prv-11140-lt-01']);
  expect(servesDong(directory[3]!, dongA)).toBe(true);
  expect(servesDong(directory[3]!, dongB)).toBe(false);
});

test('capacity filter: a full provider is skipped', () => {
  expect(ids(matchProviders({ serviceCode: 'LTC-02', dongCode: dongA, directory }))).not.toContain('prv-11110-lt-06');
});

test('service filter: only providers offering the service', () => {
  expect(ids(matchProviders({ serviceCode: 'LTC-03', dongCode: dongA, directory }))).toEqual(['prv-11110-lt-07']);
  expect(matchProviders({ serviceCode: 'LTC-04', dongCode: dongA, directory })).toEqual([]);
});

test('exclusions remove providers already tried, keeping the order of the rest', () => {
  expect(
    ids(matchProviders({ serviceCode: 'LTC-02', dongCode: dongA, directory, exclude: ['prv-11110-lt-04', 'prv-11110-lt-01'] })),
  ).toEqual(['prv-11110-lt-02', 'prv-11110-lt-03']);
});

test('the result does not depend on the input order and does not reorder the input', () => {
  const reversed = [...directory].reverse();
  const before = ids(reversed);
  expect(matchProviders({ serviceCode: 'LTC-02', dongCode: dongA, directory: reversed })).toEqual(
    matchProviders({ serviceCode: 'LTC-02', dongCode: dongA, directory }),
  );
  expect(ids(reversed)).toEqual(before);
});

test('unknown service or dong codes throw instead of matching nothing', () => {
  expect(() => matchProviders({ serviceCode: 'LTC-99', dongCode: dongA, directory })).toThrow(/unknown service code/);
  expect(() => matchProviders({ serviceCode: 'LTC-02', dongCode: '11110999', directory })).toThrow(/unknown dong code/);
});

describe('a provider a person names (issue 14: checked against the directory)', () => {
  const dong = '11110510';
  const fit = matchProviders({ serviceCode: 'LTC-02', dongCode: dong, directory: PROVIDER_DIRECTORY })[0]!;
  test('a provider that offers the service in the dong is accepted', () => {
    expect(providerFitRefusal(fit.id, 'LTC-02', dong, PROVIDER_DIRECTORY)).toBeUndefined();
  });
  test('refused: unknown, not offering the service, not serving the area', () => {
    expect(providerFitRefusal('prv-11110-zz-99', 'LTC-02', dong, PROVIDER_DIRECTORY)).toContain('not in the provider directory');
    const other = fit.services.includes('HOU-01') ? 'MED-01' : 'HOU-01';
    expect(providerFitRefusal(fit.id, other, dong, PROVIDER_DIRECTORY)).toContain(`does not offer ${other}`);
    const elsewhere = PROVIDER_DIRECTORY.find((p) => p.services.includes('LTC-02') && !servesDong(p, dong))!;
    expect(providerFitRefusal(elsewhere.id, 'LTC-02', dong, PROVIDER_DIRECTORY)).toContain(`does not serve dong ${dong}`);
  });
});
