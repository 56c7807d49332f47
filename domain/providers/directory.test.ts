import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { SERVICE_CATALOGUE } from '../catalogue/catalogue';
import { DISTRICTS, DONGS } from '../areas/areas';
import { PROVIDER_DIRECTORY, getProvider, parseDirectory } from './directory';
import { assertCoverage, generateDirectory, renderDirectory } from './generate-directory';
import { matchProviders } from './matching';
import raw from './directory.json';

test('the committed directory is synthetic, small, and matches the seeded generator byte for byte', () => {
  const path = join(__dirname, 'directory.json');
  expect(statSync(path).size).toBeLessThan(1.5 * 1024 * 1024);
  expect(raw.synthetic).toBe(true);
  expect(PROVIDER_DIRECTORY.every((p) => p.synthetic)).toBe(true);
  expect(renderDirectory(generateDirectory())).toBe(readFileSync(path, 'utf8'));
});

test('every service has at least 3 providers with open capacity for every dong of Seoul', () => {
  expect(() => assertCoverage(PROVIDER_DIRECTORY, 3)).not.toThrow();
  // Spot-check through the public matcher too, for a dong in each district.
  for (const district of DISTRICTS) {
    const dong = DONGS.find((d) => d.districtCode === district.code)!;
    for (const s of SERVICE_CATALOGUE) {
      expect(matchProviders({ serviceCode: s.code, dongCode: dong.code, directory: PROVIDER_DIRECTORY }).length).toBeGreaterThanOrEqual(3);
    }
  }
});

test('assertCoverage notices a gap', () => {
  const withoutHospice = PROVIDER_DIRECTORY.filter((p) => p.providerType !== 'hospiceAgency');
  expect(() => assertCoverage(withoutHospice, 3)).toThrow(/MED-09 has 0 < 3/);
});

test('getProvider finds an id and names an unknown one', () => {
  expect(getProvider('prv-11110-hc-01').providerType).toBe('healthCentre');
  expect(() => getProvider('prv-11110-hc-99')).toThrow(/unknown provider id 'prv-11110-hc-99'/);
  const custom = [{ ...getProvider('prv-11110-hc-01'), capacity: 0 }];
  expect(getProvider('prv-11110-hc-01', custom).capacity).toBe(0);
});

test('the loader rejects unknown services, unknown areas and duplicate ids, naming the provider', () => {
  const badService = structuredClone(raw);
  badService.providers[0]!.services = ['XYZ-01'];
  expect(() => parseDirectory(badService)).toThrow(/provider #0 \(prv-11000-ct-01\).*services/);
  const badDong = structuredClone(raw);
  badDong.providers[1]!.dongCodes = ['11110999'];
  expect(() => parseDirectory(badDong)).toThrow(/provider #1 .*unknown dong 11110999/);
  const dup = structuredClone(raw);
  dup.providers[1]!.id = dup.providers[0]!.id;
  expect(() => parseDirectory(dup)).toThrow(/duplicate id in provider #1/);
  const nowhere = structuredClone(raw);
  nowhere.providers[2]!.districtCodes = [];
  expect(() => parseDirectory(nowhere)).toThrow(/at least one district or dong/);
});
