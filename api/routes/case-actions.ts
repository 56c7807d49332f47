/**
 * The case actions the API offers, one route each, mapped to the case workflow's updates. The body is the
 * update's own schema without the actor: the actor is always the caller, from the verified token.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { AccessScope } from '../../domain/access';
import { z } from 'zod';
import {
  cancelReferralUpdate,
  closeCaseUpdate,
  conferenceDecisionUpdate,
  decideEligibilityUpdate,
  draftPlanUpdate,
  linkUrgentServiceUpdate,
  recordAssessmentUpdate,
  recordConsentUpdate,
  recordMonitoringUpdate,
  recordPreSurveyUpdate,
  resolveEscalationUpdate,
  submitPlanUpdate,
  withdrawConsentUpdate,
  narrowConsentUpdate,
  linkSingleServiceUpdate,
  reassignCaseUpdate,
  transferCaseUpdate,
} from '../../workflows/case/case.messages';
import { ReassignCase, TransferCase } from '../../domain/case/ownership-inputs';
import {
  CancelReferral,
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

export interface CaseActionRoute {
  path: string;
  summary: string;
  body: z.ZodObject;
  update: UpdateDefinition<unknown, [never, AccessScope]>;
  /** Path parameters copied into the update's input. */
  fromParams?: Record<string, string>;
}

const withoutActor = <S extends z.ZodObject>(s: S) => s.omit({ actor: true } as never) as unknown as z.ZodObject;
const route = (
  path: string,
  summary: string,
  schema: z.ZodObject,
  update: UpdateDefinition<any, any>,
  fromParams?: Record<string, string>,
): CaseActionRoute => ({
  path,
  summary,
  body: fromParams
    ? (withoutActor(schema).omit(Object.fromEntries(Object.values(fromParams).map((k) => [k, true])) as never) as unknown as z.ZodObject)
    : withoutActor(schema),
  update,
  ...(fromParams ? { fromParams } : {}),
});

export const CASE_ACTION_ROUTES: readonly CaseActionRoute[] = [
  route(
    'consent',
    'Record (or widen) the person’s consent to survey, sharing and referral: who gave it, how and when (Act Art. 4)',
    RecordConsent,
    recordConsentUpdate,
  ),
  route(
    'consent/narrow',
    'Record that the person narrowed their consent (Act Art. 4): pending work under the withdrawn scopes stops, the case stays open',
    NarrowConsent,
    narrowConsentUpdate,
  ),
  route(
    'single-services',
    'Link the person to a single service outside the plan, as information or a referral the dong makes (one-stop linkage)',
    LinkSingleService,
    linkSingleServiceUpdate,
  ),
  route(
    'pre-survey',
    'Record the dong pre-survey (ADL screen): it sets the priority, and the comprehensive assessment is requested (Decree Art. 5)',
    RecordPreSurvey,
    recordPreSurveyUpdate,
  ),
  route('assessment', 'Record the comprehensive assessment result (assessor or caseworker)', RecordAssessment, recordAssessmentUpdate),
  route(
    'eligibility',
    'Decide eligibility (Decree Art. 2); an ineligible person is linked to single services before the case closes',
    DecideEligibility,
    decideEligibilityUpdate,
  ),
  route('urgent-services', 'Link an urgent service at once, at any stage of an open case', LinkUrgentService, linkUrgentServiceUpdate),
  route('plan', 'Draft (or revise) the individual support plan', DraftPlan, draftPlanUpdate),
  route('plan/submit', 'Submit the drafted plan to the support conference', SubmitPlan, submitPlanUpdate),
  route(
    'conference-decision',
    'Support conference decision: approve, change or close (supervisor)',
    ConferenceDecisionInput,
    conferenceDecisionUpdate,
  ),
  route('monitoring-visits', 'Record a monitoring check; it may call for a plan change', RecordMonitoring, recordMonitoringUpdate),
  route('referrals/:referralId/cancel', 'Cancel a referral', CancelReferral, cancelReferralUpdate, { referralId: 'referralId' }),
  route('escalations/:escalationId/resolution', 'Resolve an escalation (supervisor)', ResolveEscalation, resolveEscalationUpdate, {
    escalationId: 'escalationId',
  }),
  route(
    'consent/withdraw',
    'Record that the person withdrew consent: pending referrals stop and the case closes',
    WithdrawConsent,
    withdrawConsentUpdate,
  ),
  route(
    'closure',
    'Close the case on one of the five legal grounds (Rule Art. 11); a case found ineligible closes as such',
    CloseCase,
    closeCaseUpdate,
  ),
  route(
    'assignment',
    'Reassign the case to another caseworker of its dong (Rule Arts. 7-8; the supervisor, or a caseworker of the dong)',
    ReassignCase,
    reassignCaseUpdate,
  ),
  route(
    'transfer',
    'Transfer the case to the dong the person moved to, within the district (Act Art. 10); the new dong’s caseworker takes it',
    TransferCase,
    transferCaseUpdate,
  ),
];
