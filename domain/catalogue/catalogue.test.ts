import { CARE_DOMAINS } from '../codes';
import { SERVICE_CATALOGUE, ServiceCode, URGENT_SERVICES, getService, isServiceCode, parseCatalogue, servicesByDomain } from './catalogue';
import raw from './services.json';

test('45 services with unique codes', () => {
  expect(SERVICE_CATALOGUE).toHaveLength(45);
  expect(new Set(SERVICE_CATALOGUE.map((s) => s.code)).size).toBe(45);
  expect(new Set(SERVICE_CATALOGUE.map((s) => s.no)).size).toBe(45);
});

test('five domains with 10/10/8/12/5 services', () => {
  expect(CARE_DOMAINS.map((d) => servicesByDomain(d).length)).toEqual([10, 10, 8, 12, 5]);
  expect(servicesByDomain('housing').map((s) => s.code)).toEqual(['HOU-01', 'HOU-02', 'HOU-03', 'HOU-04', 'HOU-05']);
});

test('the rows marked inferred are the ones not found in an official list', () => {
  expect(SERVICE_CATALOGUE.filter((s) => s.inferred).map((s) => s.no)).toEqual([4, 15, 18, 45]);
});

test('urgent path covers Care SOS, safe return home, welfare checks and housework/meal support', () => {
  const urgent = URGENT_SERVICES.map((s) => s.no);
  for (const n of [30, 31, 32, 33, 34, 6, 37, 38]) expect(urgent).toContain(n);
  expect(getService('LTC-08').urgentEligible).toBe(false);
});

test('getService finds a code and names an unknown one', () => {
  expect(getService('MED-01').nameKo).toBe('방문진료');
  expect(getService('DAY-02').nameKo).toBe('돌봄SOS 일시재가');
  expect(() => getService('MED-11')).toThrow(/unknown service code 'MED-11'/);
  expect(isServiceCode('HOU-05')).toBe(true);
  expect(isServiceCode('HOU-06')).toBe(false);
});

test('the ServiceCode schema accepts only catalogue codes', () => {
  expect(ServiceCode.safeParse('LTC-08').success).toBe(true);
  expect(ServiceCode.safeParse('LTC-09').success).toBe(false);
  expect(ServiceCode.safeParse('med-01').success).toBe(false);
});

test('a malformed entry is rejected with its index, code and field', () => {
  const bad = structuredClone(raw);
  (bad.services[3] as { domain: string }).domain = 'dental';
  expect(() => parseCatalogue(bad)).toThrow(/entry #3 \(MED-04\).*domain/);
});

test('a code whose prefix disagrees with its domain is rejected', () => {
  const bad = structuredClone(raw);
  (bad.services[0] as { domain: string }).domain = 'health';
  expect(() => parseCatalogue(bad)).toThrow(/entry #0 \(MED-01\).*prefix/);
});

test('a duplicate code and an unknown field are rejected', () => {
  const dup = structuredClone(raw);
  dup.services[1].code = 'MED-01';
  expect(() => parseCatalogue(dup)).toThrow(/duplicate code in entry #1/);
  const extra = structuredClone(raw);
  (extra.services[2] as Record<string, unknown>).colour = 'red';
  expect(() => parseCatalogue(extra)).toThrow(/entry #2 \(MED-03\)/);
});
