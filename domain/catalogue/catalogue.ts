/**
 * The 45-service catalogue across the five care domains, built from real Seoul programmes. The data lives in
 * services.json so non-developers can review it; it is validated once, at import, so a bad edit fails
 * loudly at start-up instead of producing odd referrals later.
 */
import type { z } from 'zod';
import { sharedInWorkflows, zod } from '../shared';
import { CARE_DOMAINS, CareDomain } from '../codes';
import { ProviderType } from './provider-types';
import rawCatalogue from './services.json';

/** Code prefix per domain: the code says its domain at a glance in logs and events. */
export const DOMAIN_CODE_PREFIX: Readonly<Record<CareDomain, string>> = {
  medical: 'MED',
  health: 'HLT',
  longTermCare: 'LTC',
  dailyCare: 'DAY',
  housing: 'HOU',
};

/** Built once per thread and shared by every workflow (domain/shared.ts), like the parsed catalogue below. */
export const ServiceSchema = sharedInWorkflows('domain/catalogue/schema', (z) =>
  z
    .object({
      code: z.string().regex(/^(MED|HLT|LTC|DAY|HOU)-\d{2}$/, 'code must look like MED-01'),
      /** The service's row number in services.json (1-45), stable for traceability. */
      no: z.int().min(1),
      nameKo: z.string().min(1),
      nameEn: z.string().min(1),
      domain: CareDomain,
      providerType: ProviderType,
      /** Other kinds of organisation that commonly deliver it too (e.g. health centres do home nursing). */
      alternativeProviderTypes: z.array(ProviderType),
      /** Inferred from real programmes, not found in an official list. */
      inferred: z.boolean(),
      /** May be linked at once on the urgent (돌봄SOS-like) path, before the comprehensive assessment. */
      urgentEligible: z.boolean(),
    })
    .strict()
    .refine((s) => s.code.startsWith(`${DOMAIN_CODE_PREFIX[s.domain]}-`), {
      message: 'code prefix does not match domain',
      path: ['code'],
    }),
);
export type Service = z.infer<typeof ServiceSchema>;

/**
 * Validates raw catalogue data. Throws an error naming the offending entry (index and code) and field,
 * and refuses duplicate codes.
 */
export function parseCatalogue(raw: unknown): readonly Service[] {
  const z = zod();
  const list = z.object({ services: z.array(z.unknown()) }).safeParse(raw);
  if (!list.success) throw new Error(`service catalogue: expected { services: [...] }: ${z.prettifyError(list.error)}`);
  const seen = new Set<string>();
  return list.data.services.map((entry, index) => {
    const parsed = ServiceSchema.safeParse(entry);
    const code = (entry as { code?: unknown } | null)?.code;
    const label = `entry #${index} (${typeof code === 'string' ? code : 'no code'})`;
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
      throw new Error(`service catalogue: invalid ${label}: ${detail}`);
    }
    if (seen.has(parsed.data.code)) throw new Error(`service catalogue: duplicate code in ${label}`);
    seen.add(parsed.data.code);
    return Object.freeze(parsed.data);
  });
}

/** The parsed catalogue and its indexes, built once per thread (domain/shared.ts). */
const TABLES = sharedInWorkflows('domain/catalogue/tables', (z) => {
  const catalogue: readonly Service[] = Object.freeze(parseCatalogue(rawCatalogue));
  const codes = catalogue.map((s) => s.code) as [string, ...string[]];
  return {
    catalogue,
    codes,
    byCode: new Map(catalogue.map((s) => [s.code, s])) as ReadonlyMap<string, Service>,
    byDomain: new Map(CARE_DOMAINS.map((d) => [d, Object.freeze(catalogue.filter((s) => s.domain === d))])) as ReadonlyMap<
      CareDomain,
      readonly Service[]
    >,
    urgent: Object.freeze(catalogue.filter((s) => s.urgentEligible)) as readonly Service[],
    /** Accepts only codes of the catalogue: use it on every boundary where a service code comes in. */
    serviceCode: z.enum(codes),
  };
});
export const SERVICE_CATALOGUE = TABLES.catalogue;
const BY_CODE = TABLES.byCode;
export const SERVICE_CODES = TABLES.codes;
/** Accepts only codes of the catalogue: use it on every boundary where a service code comes in. */
export const ServiceCode = TABLES.serviceCode;
export type ServiceCode = z.infer<typeof ServiceCode>;

export function isServiceCode(code: string): boolean {
  return BY_CODE.has(code);
}

export function getService(code: string): Service {
  const service = BY_CODE.get(code);
  if (!service) throw new Error(`unknown service code '${code}' (expected one of MED-01..HOU-05 in the catalogue)`);
  return service;
}

const BY_DOMAIN = TABLES.byDomain;

export function servicesByDomain(domain: CareDomain): readonly Service[] {
  const services = BY_DOMAIN.get(domain);
  if (!services) throw new Error(`unknown care domain '${String(domain)}'`);
  return services;
}

/** Services that may be linked before the comprehensive assessment (urgent path). */
export const URGENT_SERVICES = TABLES.urgent;
