/**
 * One organisation in the provider directory, and the schema that validates it. Kept apart from the
 * loader so workflow code and tests can validate provider snapshots (e.g. with live capacity) too.
 */
import { z } from 'zod';
import { ProviderType } from '../catalogue/provider-types';
import { ServiceCode } from '../catalogue/catalogue';
import { DistrictCode, DongCode } from '../areas/areas';

export const ProviderId = z.string().regex(/^prv-11\d{3}-[a-z]{2}-\d{2}$/, "provider id must look like 'prv-11110-hc-01'");

export const ProviderSchema = z
  .object({
    id: ProviderId,
    nameKo: z.string().min(1),
    nameEn: z.string().min(1),
    providerType: ProviderType,
    services: z.array(ServiceCode).min(1),
    /** Whole districts served. */
    districtCodes: z.array(DistrictCode),
    /** Individual dongs served (outside the whole districts above). Matching ranks these first. */
    dongCodes: z.array(DongCode),
    /** Open slots for new referrals now; 0 means full. */
    capacity: z.int().min(0),
    synthetic: z.boolean(),
  })
  .strict()
  .refine((p) => p.districtCodes.length + p.dongCodes.length > 0, {
    message: 'a provider must serve at least one district or dong',
    path: ['districtCodes'],
  });
export type Provider = z.infer<typeof ProviderSchema>;
