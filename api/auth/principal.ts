/**
 * Who calls the API, from the verified token's claims, and what they may see: a caseworker their dong(s), a
 * supervisor their district, an assessor the districts it serves, a provider only referrals assigned to it.
 * Pure functions, no I/O.
 */
import { z } from 'zod';
import { canAccessCase, type CaseArea } from '../../domain/access';

export { canAccessCase, type CaseArea };

const DongCode = z.string().regex(/^11\d{6}$/);
const DistrictCode = z.string().regex(/^11\d{3}$/);

export const Principal = z.discriminatedUnion('role', [
  z.object({ role: z.literal('caseworker'), sub: z.string().min(1), dongs: z.array(DongCode).min(1) }),
  z.object({ role: z.literal('supervisor'), sub: z.string().min(1), district: DistrictCode }),
  z.object({ role: z.literal('assessor'), sub: z.string().min(1), districts: z.array(DistrictCode).min(1) }),
  z.object({ role: z.literal('provider'), sub: z.string().min(1), providerId: z.string().min(1) }),
]);
export type Principal = z.infer<typeof Principal>;

export function canAccessReferral(p: Principal, referral: { providerId?: string } & CaseArea): boolean {
  if (p.role === 'provider') return referral.providerId !== undefined && referral.providerId === p.providerId;
  return canAccessCase(p, referral);
}
