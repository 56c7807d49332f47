/**
 * Which cases a caller may see or act on, by area: a caseworker their dong(s), a supervisor their district,
 * an assessor the districts it serves; providers never see cases. Pure, used by the API (reads) and by the
 * case workflow's update validators (actions), which get the caller's scope beside the action.
 */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';

export type AccessScope = z.infer<typeof AccessScope>;

export interface CaseArea {
  districtCode: string;
  dongCode: string;
}

/** May a caller with this scope see or act on a case in this area? */
export function canAccessCase(p: AccessScope, area: CaseArea): boolean {
  switch (p.role) {
    case 'caseworker':
      return p.dongs.includes(area.dongCode);
    case 'supervisor':
      return p.district === area.districtCode;
    case 'assessor':
      return p.districts.includes(area.districtCode);
    case 'provider':
      return false;
  }
}

/** The reason given when a caller is outside a case's area. */
export const outOfScopeMessage = (caseId: string, p: { role: string }) =>
  `case ${caseId} is outside your ${p.role === 'caseworker' ? 'dong' : 'district'}`;

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { AccessScope } = sharedInWorkflows('domain/access', (z) => {
  const AccessScope = z.discriminatedUnion('role', [
    z.looseObject({ role: z.literal('caseworker'), dongs: z.array(z.string()) }),
    z.looseObject({ role: z.literal('supervisor'), district: z.string() }),
    z.looseObject({ role: z.literal('assessor'), districts: z.array(z.string()) }),
    z.looseObject({ role: z.literal('provider') }),
  ]);
  return { AccessScope };
});
