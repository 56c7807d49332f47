/**
 * The case workflow's updates (case.messages.ts), each with the action it takes (domain/case/case-lifecycle.ts)
 * and the schema of its input (domain/case/case-inputs.ts): the table case.workflow.ts registers handlers from;
 * the case's versioned behaviours; and the input a referral of the case starts with.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { patched } from '@temporalio/workflow';
import type { StepContext } from '../../domain/case/case-step';
import type { CaseAction } from '../../domain/case/case-lifecycle';
import * as Inputs from '../../domain/case/case-inputs';
import { ReassignCase, TransferCase } from '../../domain/case/ownership-inputs';
import type { ServiceLine } from '../../domain/case/case-inputs';
import type { CaseState } from '../../domain/case/case-state';
import type { ReferralInput } from '../referral/referral.messages';
import * as M from './case.messages';

/** What the workflow needs of an input schema: parse with field-level issues. */
export interface InputSchema {
  safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** Each update, the action it takes and the schema of its input (domain/case/case-inputs.ts). */
export const CASE_UPDATES: [UpdateDefinition<unknown, [unknown, unknown]>, CaseAction, InputSchema][] = [
  [M.recordConsentUpdate, 'recordConsent', Inputs.RecordConsent],
  [M.recordPreSurveyUpdate, 'recordPreSurvey', Inputs.RecordPreSurvey],
  [M.recordAssessmentUpdate, 'recordAssessment', Inputs.RecordAssessment],
  [M.decideEligibilityUpdate, 'decideEligibility', Inputs.DecideEligibility],
  [M.linkUrgentServiceUpdate, 'linkUrgentService', Inputs.LinkUrgentService],
  [M.draftPlanUpdate, 'draftPlan', Inputs.DraftPlan],
  [M.submitPlanUpdate, 'submitPlan', Inputs.SubmitPlan],
  [M.conferenceDecisionUpdate, 'conferenceDecision', Inputs.ConferenceDecisionInput],
  [M.recordMonitoringUpdate, 'recordMonitoring', Inputs.RecordMonitoring],
  [M.cancelReferralUpdate, 'cancelReferral', Inputs.CancelReferral],
  [M.resolveEscalationUpdate, 'resolveEscalation', Inputs.ResolveEscalation],
  [M.withdrawConsentUpdate, 'withdrawConsent', Inputs.WithdrawConsent],
  [M.closeCaseUpdate, 'closeCase', Inputs.CloseCase],
  [M.reassignCaseUpdate, 'reassignCase', ReassignCase],
  [M.transferCaseUpdate, 'transferCase', TransferCase],
  [M.narrowConsentUpdate, 'narrowConsent', Inputs.NarrowConsent],
  [M.linkSingleServiceUpdate, 'linkSingleService', Inputs.LinkSingleService],
] as never;

/**
 * The case's versioned behaviours for its steps: referral ids name the case's opening (a patch that landed
 * earlier, still asked where it always was, so running cases replay as they ran), the closure's own flag, and
 * the law's remaining duties (issue 13: consent that binds, assessment for all, notices, ownership, time rules),
 * each decided at the start of the run (workflows/case/case.workflow.ts). `current`: the case asked
 * CURRENT_CASE_PATCH or PREVIOUS_CASE_PATCH (workflows/patches.ts), which imply them all.
 */
export const caseVersions = (closedCaseRecordsCancellations: boolean, lawDuties: boolean, current = false): StepContext['flags'] => ({
  get referralIdNamesCaseOpening() {
    return current || patched('referral-id-names-case-opening');
  },
  closedCaseRecordsCancellations,
  lawDuties,
});

/**
 * What a referral of this case starts with: its plan line, the case's area and pseudonym, the district's policy;
 * under the law's duties also the line's method (Rule Form 2), which the provider's request carries.
 */
export function referralInputFor(
  state: CaseState,
  referralId: string,
  line: ServiceLine,
  urgent: boolean,
  lawDuties = false,
): ReferralInput {
  const { providerDecisionBusinessDays, maxProvidersBeforeEscalation, extraHolidays } = state.policy;
  return {
    referralId,
    caseId: state.caseId,
    lineId: line.lineId,
    serviceCode: line.serviceCode,
    domain: state.referrals[referralId]!.domain,
    quantity: line.quantity,
    period: line.period,
    ...(lawDuties ? { method: line.method } : {}),
    districtCode: state.districtCode,
    dongCode: state.dongCode,
    recipientPseudoId: state.recipientPseudoId,
    urgent,
    preferredProviderId: line.preferredProviderId,
    policy: { providerDecisionBusinessDays, maxProvidersBeforeEscalation, extraHolidays },
  };
}
