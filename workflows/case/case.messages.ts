/**
 * Messages of the case workflow, defined once: its input, its state, the caseworker's, assessor's and
 * supervisor's actions (updates, validated before anything changes) and the state query.
 */
import { defineQuery, defineUpdate, type Sinks } from '@temporalio/workflow';
import type { z } from 'zod';
import type { AccessScope } from '../../domain/access';
import type { CaseStatus } from '../../domain/case/case-lifecycle';
import type {
  CancelReferral,
  CaseIntake,
  CloseCase,
  ConferenceDecisionInput,
  DecideEligibility,
  DraftPlan,
  LinkSingleService,
  LinkUrgentService,
  NarrowConsent,
  RecordAssessment,
  RecordConsent,
  RecordMonitoring,
  RecordPreSurvey,
  ResolveEscalation,
  SubmitPlan,
  WithdrawConsent,
} from '../../domain/case/case-inputs';
import type { CaseState } from '../../domain/case/case-state';
import type { Policy } from '../../domain/policy';
import type { CaseStateSnapshot } from '../../events/case-state-message';
import type { ReassignCase, TransferCase } from '../../domain/case/ownership-inputs';

// ---- actions (updates) ----

export type CaseActionResult = { status: CaseStatus; seq: number };

/**
 * A case action's arguments: the action, and the caller's scope, which the validator checks against the case's
 * area before anything else (domain/access.ts caseScopeRefusal). The API passes the verified caller's; a process
 * of Dolbom (a tool, a test) passes `systemScope('<its name>')`. An action without one is refused
 * (ERR_SCOPE_MISSING). Histories from before the scope was required hold updates without it: only the validator
 * reads the scope, never the handler, so they replay.
 */
export type CaseActionArgs<S extends z.ZodType> = [z.input<S>, AccessScope];

export const recordConsentUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof RecordConsent>>('recordConsent');
export const recordPreSurveyUpdate = defineUpdate<
  CaseActionResult & { requestFullAssessment: boolean },
  CaseActionArgs<typeof RecordPreSurvey>
>('recordPreSurvey');
export const recordAssessmentUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof RecordAssessment>>('recordAssessment');
export const decideEligibilityUpdate = defineUpdate<
  CaseActionResult & { eligible: boolean; reasons: string[] },
  CaseActionArgs<typeof DecideEligibility>
>('decideEligibility');
export const linkUrgentServiceUpdate = defineUpdate<CaseActionResult & { referralId: string }, CaseActionArgs<typeof LinkUrgentService>>(
  'linkUrgentService',
);
export const draftPlanUpdate = defineUpdate<CaseActionResult & { version: number }, CaseActionArgs<typeof DraftPlan>>('draftPlan');
export const submitPlanUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof SubmitPlan>>('submitPlan');
export const conferenceDecisionUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof ConferenceDecisionInput>>(
  'conferenceDecision',
);
export const recordMonitoringUpdate = defineUpdate<CaseActionResult & { nextDue?: string }, CaseActionArgs<typeof RecordMonitoring>>(
  'recordMonitoring',
);
export const cancelReferralUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof CancelReferral>>('cancelReferral');
export const resolveEscalationUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof ResolveEscalation>>('resolveEscalation');
export const withdrawConsentUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof WithdrawConsent>>('withdrawConsent');
export const closeCaseUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof CloseCase>>('closeCase');
/** Act Art. 4: the person narrows their consent; the case stays open. */
export const narrowConsentUpdate = defineUpdate<CaseActionResult & { remaining: string[] }, CaseActionArgs<typeof NarrowConsent>>(
  'narrowConsent',
);
/** One-stop linkage to a single service outside the plan (information or a referral the dong makes). */
export const linkSingleServiceUpdate = defineUpdate<CaseActionResult & { serviceName: string }, CaseActionArgs<typeof LinkSingleService>>(
  'linkSingleService',
);

/** Case ownership (Rule Arts. 7-8; Act Art. 10): another caseworker of the dong, or the dong the person moved to. */
export const reassignCaseUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof ReassignCase>>('reassignCase');
export const transferCaseUpdate = defineUpdate<CaseActionResult, CaseActionArgs<typeof TransferCase>>('transferCase');

/**
 * Intake's answer. The API sends it with the case's start (update-with-start: api/services/cases.ts), so intake
 * returns once the case's first workflow task has run, with the `opened` entry's seq. The person's next step
 * (consent) then waits for one workflow task of its own, not for the first one as well. It changes nothing; its
 * validator checks the caller's scope as every action's does.
 */
export const caseOpenedUpdate = defineUpdate<CaseActionResult, [AccessScope]>('caseOpened');

export const caseStateQuery = defineQuery<CaseState>('caseState');

export interface CaseWorkflowInput {
  intake: CaseIntake;
  /**
   * The district's operating policy at intake, resolved by whoever starts the case (the API: api/services/cases.ts),
   * so the case's first workflow task, which a first update waits for, runs no local activity. A case started
   * without it resolves the policy in that task (activities/calendar.ts).
   */
  policy?: Policy;
  /** Carried across continue-as-new. */
  state?: CaseState;
  monitoringOverdueAt?: string;
  /** History length after which the case continues as new (tests set it low). */
  historyLimit?: number;
}

/**
 * The case hands its state to the worker each time it changes, for the API's read model (a sink: recorded in no
 * history and not called on replay; workers/case-state-sink.ts publishes it, encrypted, on the case-state topic).
 */
export interface CaseStateSinks extends Sinks {
  caseState: { changed(snapshot: CaseStateSnapshot): void };
}
