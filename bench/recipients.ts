/**
 * Synthetic recipients for the benchmark: spread over Seoul's 25 districts in proportion to their residents
 * aged 65+ (largest-remainder quotas over domain/areas), and within a district over its dongs weighted the
 * same way. Names and resident numbers are invented; the resident number is random per run, so a new run
 * never collides with an earlier run's cases (intake refuses a second case for the same person).
 */
import { randomInt } from 'node:crypto';
import { DISTRICTS, DONGS, type Dong } from '../domain/areas/areas';
import { seededRandom, type SeededRandom } from '../domain/seeded-random';

export interface Recipient {
  index: number;
  districtCode: string;
  dongCode: string;
  personal: { name: string; rrn: string; birthDate: string };
}

const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권'];
const GIVEN = ['순자', '영자', '정숙', '옥순', '말순', '영수', '정호', '상철', '영식', '복순', '춘자', '명자', '광수', '재석'];

/** District quotas by population aged 65+, largest remainder, summing to n. */
export function districtQuotas(n: number): Map<string, number> {
  const total = DISTRICTS.reduce((s, d) => s + d.population65Plus, 0);
  const raw = DISTRICTS.map((d) => ({ code: d.code, exact: (n * d.population65Plus) / total }));
  const quotas = new Map(raw.map((r) => [r.code, Math.floor(r.exact)]));
  let left = n - [...quotas.values()].reduce((s, q) => s + q, 0);
  for (const r of [...raw].sort(
    (a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.code.localeCompare(b.code),
  )) {
    if (left-- <= 0) break;
    quotas.set(r.code, quotas.get(r.code)! + 1);
  }
  return quotas;
}

function weightedDong(rng: SeededRandom, dongs: readonly Dong[]): Dong {
  const total = dongs.reduce((s, d) => s + d.population65Plus, 0);
  let x = rng.next() * total;
  for (const d of dongs) {
    x -= d.population65Plus;
    if (x < 0) return d;
  }
  return dongs[dongs.length - 1]!;
}

/** A birth date 1930-1958 (everyone is 65+) and a resident number that matches it, random per call. */
export function syntheticPerson(rng: SeededRandom): Recipient['personal'] {
  const year = rng.int(1930, 1958);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  const birthDate = `${year}-${pad(month)}-${pad(day)}`;
  const sex = randomInt(1, 3); // 1 or 2: born in the 1900s
  const rrn = `${pad(year % 100)}${pad(month)}${pad(day)}-${sex}${pad(randomInt(0, 1_000_000), 6)}`;
  return { name: `${rng.pick(FAMILY)}${rng.pick(GIVEN)}`, rrn, birthDate };
}

export function makeRecipients(n: number, seed = 2026): Recipient[] {
  const rng = seededRandom(seed);
  const out: Omit<Recipient, 'index'>[] = [];
  for (const [districtCode, quota] of districtQuotas(n)) {
    const dongs = DONGS.filter((d) => d.districtCode === districtCode);
    for (let i = 0; i < quota; i++) out.push({ districtCode, dongCode: weightedDong(rng, dongs).code, personal: syntheticPerson(rng) });
  }
  // Interleave the districts, as intake would arrive across the city.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.map((r, index) => ({ index, ...r }));
}
