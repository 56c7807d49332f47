/**
 * When a notice may be issued: each kind tells the person a fact of their case, so it is refused, with the
 * reason, while that fact is not there. How it is handed over is checked too: a notice by post needs the
 * address given at intake.
 */
import type { CaseState } from '../case/case-state';
import type { NoticeHandover, NoticeKind } from './notice-kinds';

export type NoticeFacts = Pick<CaseState, 'status' | 'assessment' | 'eligibility' | 'approvedPlan' | 'closure' | 'personal'>;

/** Why this notice cannot be issued for the case now, or undefined when it can. */
export function noticeRefusal(kind: NoticeKind, c: NoticeFacts): string | undefined {
  switch (kind) {
    case 'assessmentResult':
      // Act Art. 12(1): the result of the comprehensive assessment is told to the person.
      return c.assessment ? undefined : 'no comprehensive assessment result is recorded for this case yet (Act Art. 12(1))';
    case 'supportPlan':
      // Rule Art. 9(1): the plan told to the person is the one the support conference approved.
      return c.approvedPlan
        ? undefined
        : 'the support conference has not approved a plan for this case yet; the plan is told once approved (Rule Art. 9(1))';
    case 'ineligibility':
      if (!c.eligibility) return 'eligibility has not been decided for this case yet (Decree Art. 2)';
      return c.eligibility.eligible
        ? 'the person was found eligible (Decree Art. 2); an ineligibility notice tells only a decision that they are not'
        : undefined;
    case 'closure':
      if (c.status !== 'closed' || !c.closure) return 'the case is open; a closure notice follows the closure (Rule Art. 11)';
      if (c.closure.ground === 'ineligible')
        return 'the case closed because the person is not eligible: issue the ineligibility notice, which gives the reasons and how to object';
      if (c.closure.ground === 'death') return 'the case closed on the person’s death; a notice addressed to them is not sent';
      return undefined;
  }
}

/** Why the notice cannot be handed over this way, or undefined when it can. */
export function handoverRefusal(handover: NoticeHandover, c: Pick<NoticeFacts, 'personal'>): string | undefined {
  if (handover === 'post' && !c.personal.address?.trim()) return 'a notice by post needs the person’s address; the intake has none';
  return undefined;
}
