/**
 * Providers a person names in a case action must be real and fit (issue 14): a plan line's preferred provider and a
 * supervisor's `assignProvider` answer exist in the directory, offer the service and serve the case's dong
 * (domain/providers/matching.ts providerFitRefusal). Checked against the case only when the caller may see it, so a
 * refusal never tells an outsider anything; the update's own validator answers outsiders (403).
 */
import { canAccessCase } from '../../domain/access';
import type { CaseState } from '../../domain/case/case-state';
import { PROVIDER_DIRECTORY } from '../../domain/providers/directory';
import { providerFitRefusal } from '../../domain/providers/matching';
import { caseState } from './case-state';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';

interface Named {
  providerId: string;
  serviceOf: (state: CaseState) => string | undefined;
}

/** The providers an action's body names, with how to find the service each one is named for. */
function namedProviders(action: string, body: Record<string, unknown>): Named[] {
  if (action === 'draftPlan' && Array.isArray(body.lines)) {
    return (body.lines as { serviceCode?: string; preferredProviderId?: string }[])
      .filter((l) => typeof l.preferredProviderId === 'string')
      .map((l) => ({ providerId: l.preferredProviderId!, serviceOf: () => l.serviceCode }));
  }
  if (action === 'resolveEscalation' && body.resolution === 'assignProvider' && typeof body.providerId === 'string') {
    const escalationId = body.escalationId;
    return [
      {
        providerId: body.providerId,
        serviceOf: (s) => {
          const referralId = s.escalations.find((e) => e.id === escalationId)?.referralId;
          return referralId ? s.referrals[referralId]?.serviceCode : undefined;
        },
      },
    ];
  }
  return [];
}

/** Throws 400 naming the provider and why, when a named provider cannot take the service in the case's dong. */
export async function refuseUnfitProviders(ctx: ApiContext, p: Principal, caseId: string, action: string, body: Record<string, unknown>) {
  const named = namedProviders(action, body);
  if (named.length === 0) return;
  const state = await caseState(ctx, caseId);
  if (!canAccessCase(p, state)) return;
  for (const n of named) {
    const serviceCode = n.serviceOf(state);
    if (!serviceCode) continue; // an unknown line or escalation: the step itself refuses it with its reason
    const refusal = providerFitRefusal(n.providerId, serviceCode, state.dongCode, PROVIDER_DIRECTORY);
    if (refusal) throw problems.invalid(refusal);
  }
}
