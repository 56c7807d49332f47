/**
 * Building blocks of the public event contract: identifiers, codes, times and amounts, each described for
 * the developers who read the generated JSON Schemas and AsyncAPI document instead of this code.
 *
 * Rules every event data schema follows:
 * - strict objects (an unknown property is an error), so a typo never passes silently;
 * - pseudonymous ids and codes only: no names, resident registration numbers, phone numbers, addresses,
 *   birth dates or free-text health notes. Free text is not accepted anywhere; "codes" are short tokens
 *   without spaces;
 * - times are RFC 3339 date-times with an offset (`Z` or `+09:00`); calendar dates are `YYYY-MM-DD` in
 *   Asia/Seoul.
 *
 * The code vocabularies come from the domain (domain/codes.ts and friends), so the contract and the engine
 * cannot drift apart; the generated files are checked in, so a change to a vocabulary shows up as a diff
 * of the published contract that someone must review (`npx tsx events/asyncapi/generate.ts --check`).
 */
import { z } from 'zod';
import type { Period as DomainPeriod, Quantity as DomainQuantity } from '../../domain/service-shapes';
import { QUANTITY_PER, QUANTITY_UNITS } from '../../domain/vocabulary';

/** An opaque identifier: letters, digits and `._:-`, starting with a letter or digit, at most 128 characters. */
export const OPAQUE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** A code: a short token without spaces (never free text). */
export const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

const opaqueId = (description: string) =>
  z.string().regex(OPAQUE_ID_PATTERN, 'expected an opaque id (letters, digits, ._:-; at most 128)').describe(description);

export const CaseId = opaqueId(
  'Pseudonymous id of the case (one per recipient). Carries no personal data. The Kafka key of every outbound event.',
);
export const ReferralId = opaqueId(
  "Id of the referral (one service line of a case's support plan). Stable across provider attempts. The Kafka key of provider responses.",
);
export const EscalationId = opaqueId('Id of an escalation within its case, e.g. `esc-1`.');
export const ProviderId = z
  .string()
  .regex(/^prv-11\d{3}-[a-z]{2}-\d{2}$/, "provider id must look like 'prv-11110-hc-01'")
  .describe('Id of the provider organisation in the Dolbom provider directory, e.g. `prv-11110-hc-01` (district code, type, number).');
export const LineId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,32}$/)
  .describe('Id of the service line within the support plan.');
export const RecipientPseudoId = z
  .string()
  .regex(/^[a-z0-9-]{8,64}$/)
  .describe(
    'Pseudonymous id of the person receiving care: stable for that person, meaningless outside Dolbom. Never a resident registration number.',
  );
export const ServiceCode = z
  .string()
  .regex(/^(MED|HLT|LTC|DAY|HOU)-\d{2}$/, 'service code must look like MED-01')
  .describe(
    'Service code from the Dolbom service catalogue; the prefix names the care domain (MED medical, HLT health, LTC long-term care, DAY daily care, HOU housing).',
  );
export const DistrictCode = z
  .string()
  .regex(/^11\d{3}$/)
  .describe('Seoul district (자치구) code, 5 digits starting 11.');
export const DongCode = z
  .string()
  .regex(/^11\d{6}$/)
  .describe('Administrative dong (행정동) code: the district code and 3 digits.');
export const Code = z.string().regex(CODE_PATTERN, 'expected a code: a letter, then letters, digits or ._- (at most 64), no spaces');

export const IsoDateTime = z.iso.datetime({ offset: true }).describe('RFC 3339 date-time with offset (`Z` or `+09:00`).');
export const IsoDate = z.iso.date().describe('Calendar date YYYY-MM-DD (Asia/Seoul).');
/** Attempt counter: 1 for the first provider asked, 2 for the next, and so on. */
export const Attempt = z
  .int()
  .min(1)
  .max(1000)
  .describe('Which provider attempt of this referral: 1 for the first provider asked, 2 for the next, and so on.');
export const Seq = z
  .int()
  .min(1)
  .max(1_000_000_000)
  .describe('Step number within the case (1, 2, 3, ...): increases by one per recorded step.');

/** How much of a service (domain/service-shapes.ts), documented for providers. */
export const Quantity = z
  .strictObject({
    amount: z.number().positive().max(1000).describe('How many units per `per`.'),
    unit: z.enum(QUANTITY_UNITS).describe('Unit of the amount.'),
    per: z.enum(QUANTITY_PER).describe('Per day, week or month; `once` for a one-off.'),
  })
  .describe('How much of the service: `amount` `unit`s per `per` (e.g. 3 visits per week).') satisfies z.ZodType<DomainQuantity>;
export type Quantity = z.infer<typeof Quantity>;

/** From when to when (domain/service-shapes.ts), documented for providers; `start <= end`. */
export const Period = z
  .strictObject({
    start: IsoDate.describe('First day of the service (inclusive, Asia/Seoul).'),
    end: IsoDate.describe('Last day of the service (inclusive, Asia/Seoul); not before `start`.'),
  })
  .refine((p) => p.start <= p.end, { message: 'period end is before its start' })
  .describe('The period of the service, both days inclusive; `end` is not before `start`.') satisfies z.ZodType<DomainPeriod>;
export type Period = z.infer<typeof Period>;
