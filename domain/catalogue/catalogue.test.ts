import { CARE_DOMAINS } from '../codes';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  OPEN_ACCESS_SERVICES,
  SERVICE_ACCESS,
  SERVICE_CATALOGUE,
  SERVICE_SOURCES,
  ServiceCode,
  URGENT_SERVICES,
  getService,
  isOpenAccessService,
  isServiceCode,
  parseCatalogue,
  servicesByDomain,
} from './catalogue';
import raw from './services.json';

test('48 services with unique codes: the 45 of the Seoul plan and 3 the Act names', () => {
  expect(SERVICE_CATALOGUE).toHaveLength(48);
  expect(new Set(SERVICE_CATALOGUE.map((s) => s.code)).size).toBe(48);
  expect(new Set(SERVICE_CATALOGUE.map((s) => s.no)).size).toBe(48);
});

test('five domains with 11/11/8/13/5 services', () => {
  expect(CARE_DOMAINS.map((d) => servicesByDomain(d).length)).toEqual([11, 11, 8, 13, 5]);
  expect(servicesByDomain('housing').map((s) => s.code)).toEqual(['HOU-01', 'HOU-02', 'HOU-03', 'HOU-04', 'HOU-05']);
});

test('the rows marked inferred are the ones not found in an official list (the (i) rows of the domain brief)', () => {
  expect(SERVICE_CATALOGUE.filter((s) => s.source.kind === 'inferred').map((s) => s.no)).toEqual([4, 15, 18, 45]);
});

describe('catalogue honesty (issue 13 item 9)', () => {
  test('Integrated Care Act Arts. 15(4), 17(1), 18(8): the services the statute names are in the catalogue, citing it', () => {
    expect(getService('MED-11')).toMatchObject({
      nameEn: 'Post-acute care in a long-term care hospital',
      providerType: 'longTermCareHospital',
    });
    expect(getService('MED-11').source).toEqual({ kind: 'statutory', ref: expect.stringContaining('Art. 15(4)') });
    expect(getService('HLT-11').source).toEqual({ kind: 'statutory', ref: expect.stringContaining('Art. 17(1)') });
    expect(getService('DAY-13').source).toEqual({ kind: 'statutory', ref: expect.stringContaining('Art. 18(8)') });
    expect([46, 47, 48].map((no) => SERVICE_CATALOGUE.find((s) => s.no === no)!.code)).toEqual(['MED-11', 'HLT-11', 'DAY-13']);
  });

  test('every statutory service names its law, and every source has a reference', () => {
    for (const s of SERVICE_CATALOGUE) {
      expect(s.source.ref.length).toBeGreaterThan(10);
      if (s.source.kind === 'statutory') expect(s.source.ref).toMatch(/Act|법/);
    }
  });

  test('open-access programmes are joined without a provider decision: the app, the Mind Convenience Store, the hotline, benefit guidance', () => {
    expect(OPEN_ACCESS_SERVICES.map((s) => s.code)).toEqual(['HLT-07', 'HLT-09', 'HLT-10', 'DAY-13']);
    expect(isOpenAccessService('HLT-07')).toBe(true);
    expect(isOpenAccessService('LTC-02')).toBe(false);
    expect(isOpenAccessService('NOPE-01')).toBe(false);
    // No urgent (돌봄SOS-like) service is open access: an urgent link always asks a provider.
    expect(URGENT_SERVICES.filter((s) => s.access === 'openAccess')).toEqual([]);
  });

  test("the README's catalogue counts are the data's", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const row = (label: string) => {
      const line = readme.split('\n').find((l) => l.startsWith(`| ${label} |`));
      if (!line) throw new Error(`README has no catalogue row '${label}'`);
      return Object.fromEntries([...line.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    };
    const count = <K extends string>(keys: readonly K[], of: (s: (typeof SERVICE_CATALOGUE)[number]) => K) =>
      Object.fromEntries(keys.map((k) => [k, SERVICE_CATALOGUE.filter((s) => of(s) === k).length]));
    expect(row('source')).toEqual({ ...count(SERVICE_SOURCES, (s) => s.source.kind), total: SERVICE_CATALOGUE.length });
    expect(row('access')).toEqual({ ...count(SERVICE_ACCESS, (s) => s.access), total: SERVICE_CATALOGUE.length });
    expect(row('domain')).toEqual(count(CARE_DOMAINS, (s) => s.domain));
  });
});

test('urgent path covers Care SOS, safe return home, welfare checks and housework/meal support', () => {
  const urgent = URGENT_SERVICES.map((s) => s.no);
  for (const n of [30, 31, 32, 33, 34, 6, 37, 38]) expect(urgent).toContain(n);
  expect(getService('LTC-08').urgentEligible).toBe(false);
});

test('getService finds a code and names an unknown one', () => {
  expect(getService('MED-01').nameKo).toBe('방문진료');
  expect(getService('DAY-02').nameKo).toBe('돌봄SOS 일시재가');
  expect(() => getService('MED-12')).toThrow(/unknown service code 'MED-12'/);
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
