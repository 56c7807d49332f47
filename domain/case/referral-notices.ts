/**
 * What the case does when one of its referrals tells it that it moved (workflows/case/case-notifications.ts):
 * the referral's summary follows it, an exhausted referral opens an escalation for the supervisor, and a
 * resolved one closes it. After closure, the referrals the case stopped are shown cancelled until each
 * confirms; a step they took before the cancellation reached them changes nothing shown. Pure.
 */
import { SYSTEM_ACTOR } from '../actor';
import type { DeclineReason, TaskStatus } from '../codes';
import { isAwaitingDecision, isOpenTaskStatus } from '../referral/referral-lifecycle';
import type { CaseState } from './case-state';
import { stepEvent, type StepEvent } from './case-step';

export interface ReferralStatusChanged {
  referralId: string;
  lineId: string;
  status: TaskStatus;
  providerId?: string;
  /** Set when every provider tried declined or let the deadline pass: the supervisor must act. */
  escalated: boolean;
  respondBy?: string;
  declineReason?: DeclineReason;
  /** The current attempt's number. */
  attempt?: number;
  at: string;
  seq: number;
}

export interface NoticeOutcome {
  state: CaseState;
  events: StepEvent[];
  /** The referral confirmed a final state: the closed case no longer waits for it. */
  confirmed: boolean;
}

/** Undefined when the notice is out of date or a duplicate (its seq was seen), or names no referral of the case. */
export function applyReferralNotice(
  state: CaseState,
  s: ReferralStatusChanged,
  awaitingCancellation: ReadonlySet<string>,
): NoticeOutcome | undefined {
  const r = state.referrals[s.referralId];
  if (!r || s.seq <= r.lastSeq) return undefined;
  const stale = awaitingCancellation.has(s.referralId) && isOpenTaskStatus(s.status);
  const summary = {
    ...r,
    status: stale ? r.status : s.status,
    providerId: s.providerId,
    escalated: stale ? false : s.escalated,
    // A decision deadline is shown only while a decision is awaited (docs/events.md).
    respondBy: !stale && isAwaitingDecision(s.status) ? s.respondBy : undefined,
    declineReason: s.declineReason,
    attempt: s.attempt,
    lastSeq: s.seq,
  };
  let next: CaseState = { ...state, referrals: { ...state.referrals, [s.referralId]: summary } };
  const events: StepEvent[] = [];
  const open = next.escalations.find((e) => e.referralId === s.referralId && !e.resolvedAt);
  if (s.escalated && !open && state.status !== 'closed') {
    const escalationId = `esc-${next.escalations.length + 1}`;
    next = {
      ...next,
      escalations: [...next.escalations, { id: escalationId, kind: 'referralExhausted', referralId: s.referralId, openedAt: s.at }],
    };
    events.push(
      stepEvent('escalationOpened', SYSTEM_ACTOR, state.status, { escalationId, kind: 'referralExhausted', referralId: s.referralId }),
    );
  } else if (!s.escalated && open) {
    next = { ...next, escalations: next.escalations.map((e) => (e === open ? { ...e, resolvedAt: s.at } : e)) };
  }
  return { state: next, events, confirmed: !stale };
}

/**
 * Whether whoever holds the case's state from before a notice comes to the same state by applying the notice alone
 * (the API's read model does: api/case-read-model.ts `applyNotice`), so the case need not hand over the result
 * (workflows/case/case.workflow.ts). Not when the case is closed (only the case knows which referrals it waits on
 * to confirm a cancellation), nor when the notice records a step or opens or resolves an escalation.
 */
export function derivableFromNotice(before: CaseState, outcome: NoticeOutcome): boolean {
  if (before.status === 'closed' || outcome.events.length > 0) return false;
  const after = outcome.state.escalations;
  return after.length === before.escalations.length && after.every((e, i) => e === before.escalations[i]);
}

/**
 * Applies notices in order to a state held from before them, as the case would, keeping those that changed it
 * (api/case-read-model.ts): one the state already shows (it was made after the case heard of it) falls away, and so
 * does one that is not derivable (the case records a step for it, and its state comes).
 */
export function applyNotices(
  state: CaseState,
  notices: readonly ReferralStatusChanged[],
): { state: CaseState; applied: ReferralStatusChanged[] } {
  const applied: ReferralStatusChanged[] = [];
  for (const notice of notices) {
    const outcome = applyReferralNotice(state, notice, new Set());
    if (!outcome || !derivableFromNotice(state, outcome)) continue;
    state = outcome.state;
    applied.push(notice);
  }
  return { state, applied };
}
