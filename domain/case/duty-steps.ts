/**
 * Steps the law's remaining duties added (issue 13): narrowing consent (Act Art. 4) and one-stop linkage to single
 * services. Same shape as domain/case/steps.ts; unit tests in domain/case/duty-steps.test.ts.
 */
import type { z } from 'zod';
import { getService, isServiceCode } from '../catalogue/catalogue';
import { isOpenTaskStatus } from '../referral/referral-lifecycle';
import type { LinkSingleService, NarrowConsent } from './case-inputs';
import type { CaseState } from './case-state';
import { refuse, stepEvent, type CaseCommand, type StepContext, type StepResult } from './case-step';
import { covers, narrowedScopes, refuseWithoutConsent } from './consent';

/**
 * Act Art. 4: the person narrows their consent. What is pending under a withdrawn scope stops: without consent to
 * sharing or referral, open referrals are cancelled; without consent to the survey, a pending assessment request is
 * stopped; without consent to sharing, it is held until they consent again. The case stays open; only a refusal of
 * support closes it (withdrawConsent, Rule Art. 11 "refuses").
 */
export function narrowConsent(state: CaseState, a: z.output<typeof NarrowConsent>, ctx: StepContext): StepResult {
  if (!ctx.flags.lawDuties) return refuse('narrowing consent applies to cases opened under the law’s duties; withdraw consent instead');
  const narrowed = narrowedScopes(state, a.withdraw);
  if ('refused' in narrowed) return narrowed;
  let next: CaseState = { ...state, consent: { ...state.consent!, scope: narrowed.remaining, recordedAt: ctx.now, by: a.actor.id } };
  const commands: CaseCommand[] = [];
  if (!covers(next, 'referral')) {
    for (const r of Object.values(state.referrals)) {
      if (isOpenTaskStatus(r.status))
        commands.push({ kind: 'cancel', referralId: r.referralId, input: { actor: a.actor, reason: 'consentWithdrawn' } });
    }
  }
  const r = next.assessmentRequest;
  if (r && (r.status === 'requested' || r.status === 'held')) {
    const status = !covers(next, 'assessment') ? 'stopped' : !covers(next, 'assessmentRequest') ? 'held' : r.status;
    if (status !== r.status) {
      const escalations = next.escalations.map((e) =>
        e.kind === 'assessmentOverdue' && !e.resolvedAt ? { ...e, resolvedAt: ctx.now } : e,
      );
      next = { ...next, escalations, assessmentRequest: { ...r, status, respondBy: undefined, overdue: false } };
    }
  }
  return {
    state: next,
    events: [stepEvent('consentNarrowed', a.actor, next.status, { withdrawn: a.withdraw, remaining: narrowed.remaining })],
    commands,
    reply: { remaining: narrowed.remaining },
  };
}

/**
 * One-stop linkage: the caseworker links the person to a matching single service outside the integrated plan, as
 * information given or as a referral the dong makes (which shares data: it needs consent to sharing and referral).
 */
export function linkSingleService(state: CaseState, a: z.output<typeof LinkSingleService>, ctx: StepContext): StepResult {
  if (!ctx.flags.lawDuties) return refuse('single-service linkage applies to cases opened under the law’s duties');
  if (!isServiceCode(a.serviceCode)) return refuse(`unknown service code ${a.serviceCode}`, 'DolbomInvalidInput');
  if (a.kind === 'referral') {
    const noConsent = refuseWithoutConsent(state, 'referral');
    if (noConsent) return noConsent;
  }
  const link = { at: ctx.now, by: a.actor.id, serviceCode: a.serviceCode, kind: a.kind, ...(a.note ? { note: a.note } : {}) };
  return {
    state: { ...state, singleServiceLinks: [...(state.singleServiceLinks ?? []), link] },
    events: [stepEvent('singleServiceLinked', a.actor, state.status, { serviceCode: a.serviceCode, kind: a.kind })],
    commands: [],
    reply: { serviceName: getService(a.serviceCode).nameKo },
  };
}
