/**
 * Who calls the API, from the verified token's claims: a caseworker with their dong(s), a supervisor with their
 * district, an assessor with the districts it serves, a provider with its organisation. What each may see of a
 * case is decided in domain/access.ts.
 */
import { z } from 'zod';

const DongCode = z.string().regex(/^11\d{6}$/);
const DistrictCode = z.string().regex(/^11\d{3}$/);

export const Principal = z.discriminatedUnion('role', [
  z.object({ role: z.literal('caseworker'), sub: z.string().min(1), dongs: z.array(DongCode).min(1) }),
  z.object({ role: z.literal('supervisor'), sub: z.string().min(1), district: DistrictCode }),
  z.object({ role: z.literal('assessor'), sub: z.string().min(1), districts: z.array(DistrictCode).min(1) }),
  z.object({ role: z.literal('provider'), sub: z.string().min(1), providerId: z.string().min(1) }),
]);
export type Principal = z.infer<typeof Principal>;
