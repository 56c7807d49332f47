/**
 * The service catalogue across the five care domains: the Seoul plan's 45, built from real programmes, and the 3
 * the Integrated Care Act names that they lacked (Arts. 15(4), 17(1), 18(8)); each says where it comes from and
 * whether a provider decides (README "Service catalogue", counted by catalogue.test.ts). The data lives in
 * services.json so non-developers can review it; it is validated once, at import, so a bad edit fails
 * loudly at start-up instead of producing odd referrals later.
 */
import type { z } from 'zod';
import { sharedInWorkflows, zod } from '../shared';
import { CARE_DOMAINS, CareDomain } from '../codes';
import { ProviderType } from './provider-types';
import rawCatalogue from './services.json';

/** Where a catalogue service comes from. */
export const SERVICE_SOURCES = ['seoulPlan', 'statutory', 'inferred'] as const;
export type ServiceSource = (typeof SERVICE_SOURCES)[number];
/** How a person gets the service: through a provider's decision, or by joining it themselves. */
export const SERVICE_ACCESS = ['referral', 'openAccess'] as const;
export type ServiceAccess = (typeof SERVICE_ACCESS)[number];

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
      /** The service's row number in services.json (1-48), stable for traceability. */
      no: z.int().min(1),
      nameKo: z.string().min(1),
      nameEn: z.string().min(1),
      domain: CareDomain,
      providerType: ProviderType,
      /** Other kinds of organisation that commonly deliver it too (e.g. health centres do home nursing). */
      alternativeProviderTypes: z.array(ProviderType),
      /**
       * Where the service comes from (issue 13 item 9): a real programme of the Seoul plan (seoulPlan), named by a
       * statute (statutory: the article), or inferred from real programmes and found in no official list.
       */
      source: z.strictObject({ kind: z.enum(SERVICE_SOURCES), ref: z.string().min(1) }),
      /**
       * referral: a provider decides (accept/decline, Act Art. 14). openAccess: the person joins without a
       * provider's decision (an app, a hotline, a drop-in), so a plan line is information given, not a referral.
       */
      access: z.enum(SERVICE_ACCESS),
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
    openAccess: Object.freeze(catalogue.filter((s) => s.access === 'openAccess')) as readonly Service[],
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

/** Services a person joins without a provider's decision: a plan line of one is information given, not a referral. */
export const OPEN_ACCESS_SERVICES = TABLES.openAccess;

export const isOpenAccessService = (code: string): boolean => BY_CODE.get(code)?.access === 'openAccess';
