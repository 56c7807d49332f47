/**
 * The shape of a case step (domain/case/steps.ts): `(state, input, context) -> refusal | outcome`. A step is
 * pure: it reads the case's state and the action's input and returns either a refusal with its reason, or
 * the next state, the events to record (in order) and the commands for the referral workflows. The case
 * workflow's update validator and its handler call the same step, so a refusal can never drift from the effect.
 */
import type { Actor } from '../actor';
import type { ERR_ACTION_NOT_ALLOWED, ERR_INVALID_INPUT } from '../failures';
import type { EscalationResolutionKind, ReferralCancelReason, CaseEventDetails, CaseEventKind } from '../vocabulary';
import type { CaseStatus } from './case-lifecycle';
import type { ServiceLine } from './case-inputs';
import type { CaseState } from './case-state';

/** Why a step is refused; nothing changes. `type` is the ApplicationFailure type the workflow throws. */
export interface Refusal {
  refused: true;
  type: typeof ERR_ACTION_NOT_ALLOWED | typeof ERR_INVALID_INPUT;
  message: string;
  /** A machine code beside the words (ROLE_NOT_ALLOWED, STATUS_NOT_ALLOWED). */
  code?: string;
}

/** One recorded step: its kind, who took it, its coded details (typed per kind) and the case's status then. */
export type StepEvent = {
  [K in CaseEventKind]: { kind: K; actor: Actor; details: CaseEventDetails[K]; status: CaseStatus };
}[CaseEventKind];

/** A cancellation the case sends a referral. */
export interface CancelReferralInput {
  actor: Actor;
  reason: ReferralCancelReason;
}

/** A supervisor's answer to an exhausted referral, passed on to it. */
export interface EscalationResolution {
  actor: Actor;
  resolution: Exclude<EscalationResolutionKind, 'acknowledge'>;
  providerId?: string;
}

/** What the case asks of its referral workflows, in order. */
export type CaseCommand =
  | { kind: 'start'; line: ServiceLine; urgent: boolean; referralId: string }
  | { kind: 'cancel'; referralId: string; input: CancelReferralInput }
  | { kind: 'amend'; referralId: string; actor: Actor; line: ServiceLine }
  | { kind: 'resolve'; referralId: string; resolution: EscalationResolution };

export interface StepOutcome<R extends object = object> {
  state: CaseState;
  events: StepEvent[];
  commands: CaseCommand[];
  /** Fields the action answers with besides the status and the last event's seq. */
  reply: R;
  /** The monitoring timer: computed again from the state, or stopped (closure). */
  monitoring?: 'reschedule' | 'stop';
  /** Referrals the closure stopped, whose own confirmation the case awaits before it completes. */
  awaitCancellation?: string[];
}

export type StepResult<R extends object = object> = Refusal | StepOutcome<R>;

/**
 * What a step may know besides the state and input: the workflow's time, and which versioned behaviours
 * apply to this case (the workflow answers them with Temporal's `patched()`, read only when a step needs one).
 */
export interface StepContext {
  now: string;
  flags: {
    /** Referral ids name the case's opening, so a reopened case never reuses an earlier case's ids. */
    readonly referralIdNamesCaseOpening: boolean;
    /** A closure shows its open referrals cancelled at once and awaits their confirmation. */
    readonly closedCaseRecordsCancellations: boolean;
    /**
     * The law's remaining duties (patch `law-duties-2026-12`): consent scopes bind, every applicant is assessed,
     * notices, ownership, time rules at the edges. Cases started before it keep the earlier rules.
     */
    readonly lawDuties: boolean;
  };
}

export const isRefusal = (r: StepResult<object>): r is Refusal => 'refused' in r;

export const refuse = (message: string, type: Refusal['type'] = 'DolbomActionNotAllowed', code?: string): Refusal => ({
  refused: true,
  type,
  message,
  ...(code ? { code } : {}),
});

/** An event of a kind with its details, typed: a wrong or missing detail field fails tsc. */
export function stepEvent<K extends CaseEventKind>(kind: K, actor: Actor, status: CaseStatus, details: CaseEventDetails[K]): StepEvent {
  return { kind, actor, status, details } as StepEvent;
}
