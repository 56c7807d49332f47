/**
 * Which cases a caller may see or act on, by area: a caseworker their dong(s), a supervisor their district,
 * an assessor the districts it serves; providers never see cases. Pure, used by the API (reads) and by the
 * case and referral workflows' update validators (actions), which get the caller's scope beside the action.
 *
 * Every action names its caller (issue 14): a person's verified scope from the API, or a process of Dolbom
 * itself (the bridge delivering a provider's report, a tool, a test) with the system scope naming that
 * process. An action without a scope is refused, never taken as the system's.
 */
import type { z } from 'zod';
import { ERR_OUT_OF_SCOPE, ERR_SCOPE_MISSING } from './failures';
import { sharedInWorkflows } from './shared';

export type AccessScope = z.infer<typeof AccessScope>;
export type SystemScope = Extract<AccessScope, { role: 'system' }>;

export interface CaseArea {
  districtCode: string;
  dongCode: string;
}

/** The scope of a process of Dolbom acting with Temporal access; `actor` names the process (e.g. 'bridge'). */
export const systemScope = (actor: string): SystemScope => ({ role: 'system', actor });

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
    case 'system':
      return true;
  }
}

/** The reason given when a caller is outside a case's area. */
export const outOfScopeMessage = (caseId: string, p: { role: string }) =>
  `case ${caseId} is outside your ${p.role === 'caseworker' ? 'dong' : 'district'}`;

/** Why an update is refused before its input is read: no caller scope, or one this check does not accept. */
export interface ScopeRefusal {
  type: typeof ERR_SCOPE_MISSING | typeof ERR_OUT_OF_SCOPE;
  message: string;
}

const missing = (what: string): ScopeRefusal => ({
  type: ERR_SCOPE_MISSING,
  message: `${what} needs its caller's scope: the API passes the verified caller's, a process of Dolbom passes systemScope('<its name>')`,
});

/** The caller's scope, parsed, or why the action is refused without reading it further. */
function parseScope(scope: unknown, what: string): { caller: AccessScope } | { refusal: ScopeRefusal } {
  if (scope === undefined || scope === null) return { refusal: missing(what) };
  const parsed = AccessScope.safeParse(scope);
  if (!parsed.success) return { refusal: { type: ERR_SCOPE_MISSING, message: `${what} has a caller scope of no known shape` } };
  return { caller: parsed.data };
}

/** A case action's scope check (workflows/case/case.workflow.ts validators): refused unless the caller may act on the case. */
export function caseScopeRefusal(scope: unknown, caseId: string, area: CaseArea): ScopeRefusal | undefined {
  const p = parseScope(scope, `an action on case ${caseId}`);
  if ('refusal' in p) return p.refusal;
  return canAccessCase(p.caller, area) ? undefined : { type: ERR_OUT_OF_SCOPE, message: outOfScopeMessage(caseId, p.caller) };
}

/**
 * A provider report's scope check (workflows/referral/referral.workflow.ts validator): the provider itself (the
 * provider API, with the verified principal's provider id) or a process of Dolbom that verified it (the Kafka
 * bridge, which takes the provider from the topic only that provider may write). Nobody else reports for a provider.
 */
export function reportScopeRefusal(scope: unknown, referralId: string, reportedProviderId: string): ScopeRefusal | undefined {
  const p = parseScope(scope, `a report on referral ${referralId}`);
  if ('refusal' in p) return p.refusal;
  const { caller } = p;
  if (caller.role === 'system') return undefined;
  if (caller.role === 'provider' && caller.providerId === reportedProviderId) return undefined;
  return {
    type: ERR_OUT_OF_SCOPE,
    message:
      caller.role === 'provider'
        ? `provider ${caller.providerId} cannot report for provider ${reportedProviderId}`
        : `a ${caller.role} cannot report for a provider on referral ${referralId}`,
  };
}

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { AccessScope } = sharedInWorkflows('domain/access', (z) => {
  const AccessScope = z.discriminatedUnion('role', [
    z.looseObject({ role: z.literal('caseworker'), dongs: z.array(z.string()) }),
    z.looseObject({ role: z.literal('supervisor'), district: z.string() }),
    z.looseObject({ role: z.literal('assessor'), districts: z.array(z.string()) }),
    z.looseObject({ role: z.literal('provider'), providerId: z.string().min(1) }),
    z.strictObject({ role: z.literal('system'), actor: z.string().min(1).max(64) }),
  ]);
  return { AccessScope };
});
