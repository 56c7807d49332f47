/**
 * The case's rules, one pure step per action (Act Arts. 10-14; Rule Arts. 7-11): who may take it, when, what
 * it refuses and why, and what it changes. `(state, input, context) -> refusal | outcome` (domain/case/case-step.ts).
 * The case workflow (workflows/case/case.workflow.ts) runs them: its update validators ask for the refusal, its
 * handlers apply the outcome. Unit tests: domain/case/steps.test.ts.
 */
import type { z } from 'zod';
import { SYSTEM_ACTOR, type Actor } from '../actor';
import { assessmentNeedDomains } from '../assessment';
import { getService, isServiceCode } from '../catalogue/catalogue';
import type { CareDomain, ClosureGround } from '../codes';
import { decideEligibility } from '../eligibility';
import { screenPreSurvey } from '../pre-survey';
import { isOpenTaskStatus } from '../referral/referral-lifecycle';
import { seoulDateOf } from '../seoul-date';
import type { CaseClosureGround, ReferralCancelReason } from '../vocabulary';
import { authoriseCaseAction, statusAfterConference, statusAfterPreSurvey, type CaseAction } from './case-lifecycle';
import type {
  CancelReferral,
  CloseCase,
  ConferenceDecisionInput,
  DecideEligibility,
  DraftPlan,
  LinkUrgentService,
  RecordAssessment,
  RecordConsent,
  RecordMonitoring,
  RecordPreSurvey,
  ResolveEscalation,
  ServiceLine,
  SubmitPlan,
  WithdrawConsent,
} from './case-inputs';
import { referralWorkflowId, type CaseState, type PlanVersion } from './case-state';
import { refuse, stepEvent, type CaseCommand, type StepContext, type StepEvent, type StepOutcome, type StepResult } from './case-step';
import { planChanges } from './plan-changes';

type Step<S extends z.ZodType, R extends object = object> = (state: CaseState, input: z.output<S>, ctx: StepContext) => StepResult<R>;

const outcome = <R extends object = object>(
  state: CaseState,
  events: StepEvent[],
  extra: Partial<Omit<StepOutcome<R>, 'state' | 'events'>> = {},
): StepOutcome<R> => ({
  state,
  events,
  commands: [],
  reply: {} as R,
  ...extra,
});

/** A new referral for a plan line: its id (stable per line and attempt), its summary, and the command to start it. */
function openReferral(
  state: CaseState,
  line: ServiceLine,
  urgent: boolean,
  ctx: StepContext,
): { state: CaseState; referralId: string; command: CaseCommand } {
  const n = Object.values(state.referrals).filter((r) => r.lineId === line.lineId).length + 1;
  // Referral ids name the case's opening, so a reopened case never reuses an earlier case's referral (and
  // event) ids. Cases opened before this rule keep their ids.
  const referralId = ctx.flags.referralIdNamesCaseOpening
    ? referralWorkflowId(`${state.caseId}-${Date.parse(state.openedAt).toString(36)}`, line.lineId, n)
    : referralWorkflowId(state.caseId, line.lineId, n);
  const summary = {
    referralId,
    lineId: line.lineId,
    serviceCode: line.serviceCode,
    domain: getService(line.serviceCode).domain as CareDomain,
    status: 'draft' as const,
    escalated: false,
    urgent,
    lastSeq: 0,
  };
  return {
    state: { ...state, referrals: { ...state.referrals, [referralId]: summary } },
    referralId,
    command: { kind: 'start', line, urgent, referralId },
  };
}

/**
 * Closure on one of the five grounds of Rule Art. 11 (or ineligibility): every open referral is cancelled;
 * they are shown cancelled at once, and the case awaits each one's confirmation before it completes.
 */
function close(state: CaseState, actor: Actor, ground: CaseClosureGround, ctx: StepContext, reasons?: string[]): StepOutcome {
  const reason: ReferralCancelReason = ground === 'refuses' ? 'consentWithdrawn' : 'caseClosed';
  const recordsThemItself = ctx.flags.closedCaseRecordsCancellations;
  const referrals = { ...state.referrals };
  const commands: CaseCommand[] = [];
  const awaitCancellation: string[] = [];
  for (const r of Object.values(state.referrals)) {
    if (!isOpenTaskStatus(r.status)) continue;
    commands.push({ kind: 'cancel', referralId: r.referralId, input: { actor, reason } });
    if (recordsThemItself) {
      referrals[r.referralId] = { ...r, status: 'cancelled', respondBy: undefined, escalated: false };
      awaitCancellation.push(r.referralId);
    }
  }
  const next: CaseState = {
    ...state,
    status: 'closed',
    closure: { ground, at: ctx.now, by: actor.id, ...(reasons ? { reasons } : {}) },
    referrals,
  };
  const details = { ground, ...(reasons ? { reasons: reasons as never[] } : {}) };
  return outcome(next, [stepEvent('closed', actor, 'closed', details)], { commands, monitoring: 'stop', awaitCancellation });
}

/** Two outcomes in a row: the first step's events, then the second's (a decision that also closes the case). */
const then = <R extends object>(first: StepOutcome, second: StepOutcome, reply: R): StepOutcome<R> => ({
  ...second,
  events: [...first.events, ...second.events],
  commands: [...first.commands, ...second.commands],
  reply,
});

export const recordConsent: Step<typeof RecordConsent> = (state, a, ctx) =>
  outcome({ ...state, consent: { recordedAt: ctx.now, by: a.actor.id, scope: a.scope }, status: 'preSurvey' }, [
    stepEvent('consentRecorded', a.actor, 'preSurvey', { scope: a.scope }),
  ]);

export const recordPreSurvey: Step<typeof RecordPreSurvey, { requestFullAssessment: boolean }> = (state, a, ctx) => {
  const screen = screenPreSurvey(a.survey);
  const status = statusAfterPreSurvey(screen.requestFullAssessment);
  // Minimum data: the screen's outcome leaves the case, its ADL score (health data) does not.
  return outcome(
    { ...state, preSurvey: { input: a.survey, screen, at: ctx.now }, status },
    [stepEvent('preSurveyRecorded', a.actor, status, { requestFullAssessment: screen.requestFullAssessment })],
    { reply: { requestFullAssessment: screen.requestFullAssessment } },
  );
};

export const recordAssessment: Step<typeof RecordAssessment> = (state, a, ctx) =>
  outcome({ ...state, assessment: { result: a.result, recordedAt: ctx.now }, status: 'awaitingEligibility' }, [
    stepEvent('assessmentRecorded', a.actor, 'awaitingEligibility', {}),
  ]);

/** Decree Art. 2: eligible cases go to planning; an ineligible one closes with the conditions it did not meet. */
export const decideCaseEligibility: Step<typeof DecideEligibility, { eligible: boolean; reasons: string[] }> = (state, a, ctx) => {
  const needDomains = [...new Set([...(state.assessment ? assessmentNeedDomains(state.assessment.result) : []), ...a.needDomains])];
  const decision = decideEligibility({
    birthDate: state.personal.birthDate,
    asOf: seoulDateOf(ctx.now),
    severeDisabilityRecognised: a.severeDisabilityRecognised,
    districtRecognised: a.districtRecognised,
    difficultyCauses: a.difficultyCauses,
    needDomains,
  });
  const decided: CaseState = { ...state, eligibility: { ...decision, decidedAt: ctx.now } };
  const reasons = decision.reasons.map((r) => r.code);
  if (decision.eligible) {
    return outcome(
      { ...decided, status: 'planning' },
      [stepEvent('eligibilityDecided', a.actor, 'planning', { eligible: true, routes: decision.routes, reasons })],
      {
        reply: { eligible: true, reasons },
      },
    );
  }
  const first = outcome(decided, [stepEvent('eligibilityDecided', a.actor, state.status, { eligible: false, reasons })]);
  return then(
    first,
    close(
      decided,
      a.actor,
      'ineligible',
      ctx,
      reasons.filter((_, i) => !decision.reasons[i]!.met),
    ),
    { eligible: false, reasons },
  );
};

export const linkUrgentService: Step<typeof LinkUrgentService, { referralId: string }> = (state, a, ctx) => {
  if (!isServiceCode(a.line.serviceCode)) return refuse(`unknown service code ${a.line.serviceCode}`);
  if (!getService(a.line.serviceCode).urgentEligible)
    return refuse(`${a.line.serviceCode} cannot be linked before the assessment; it is not an urgent service`);
  if (!state.consent?.scope.includes('referral')) return refuse('the person has not consented to referral');
  const opened = openReferral(state, a.line, true, ctx);
  return outcome(
    opened.state,
    [stepEvent('urgentServiceLinked', a.actor, state.status, { referralId: opened.referralId, serviceCode: a.line.serviceCode })],
    {
      commands: [opened.command],
      reply: { referralId: opened.referralId },
    },
  );
};

export const draftPlan: Step<typeof DraftPlan, { version: number }> = (state, a, ctx) => {
  if (state.status === 'active' && state.monitoring.visits.at(-1)?.outcome !== 'changePlan' && !state.draftPlan) {
    return refuse('a running plan is revised after a monitoring check that found a change is needed');
  }
  const ids = new Set<string>();
  for (const line of a.lines) {
    if (!isServiceCode(line.serviceCode)) return refuse(`unknown service code ${line.serviceCode}`);
    if (ids.has(line.lineId)) return refuse(`line id ${line.lineId} appears twice`);
    ids.add(line.lineId);
  }
  if (!a.personHeard) return refuse('the person and family must be heard on the plan (Rule Form 2)');
  if (a.lines.length >= 2 && !a.coordination) return refuse('a plan with two or more service lines says how the providers coordinate');
  const version = (state.approvedPlan?.version ?? 0) + 1;
  const plan: PlanVersion = { version, lines: a.lines, coordination: a.coordination, personHeard: a.personHeard, draftedAt: ctx.now };
  return outcome(
    { ...state, draftPlan: plan },
    [stepEvent('planDrafted', a.actor, state.status, { version, serviceCodes: a.lines.map((l) => l.serviceCode) })],
    { reply: { version } },
  );
};

export const submitPlan: Step<typeof SubmitPlan> = (state, a, ctx) => {
  if (!state.draftPlan) return refuse('there is no drafted plan to submit');
  if (state.draftPlan.submittedAt) return refuse('this plan version was already submitted');
  return outcome({ ...state, draftPlan: { ...state.draftPlan, submittedAt: ctx.now }, status: 'awaitingConference' }, [
    stepEvent('planSubmitted', a.actor, 'awaitingConference', { version: state.draftPlan.version }),
  ]);
};

/** The support conference (Rule Art. 9): approve (referrals follow the plan), send back for change, or close. */
export const conferenceDecision: Step<typeof ConferenceDecisionInput> = (state, a, ctx) => {
  if (!state.draftPlan?.submittedAt) return refuse('no submitted plan awaits a decision');
  if (a.decision === 'close' && !a.closureGround) return refuse('closing at the conference needs one of the five closure grounds');
  const plan: PlanVersion = { ...state.draftPlan, decidedAt: ctx.now, decision: a.decision };
  const decided = (status: CaseState['status']) =>
    stepEvent('conferenceDecided', a.actor, status, { decision: a.decision, version: plan.version });
  if (a.decision === 'close') {
    const withPlan = { ...state, draftPlan: plan };
    return then(outcome(withPlan, [decided(state.status)]), close(withPlan, a.actor, a.closureGround as ClosureGround, ctx), {});
  }
  if (a.decision === 'change') {
    const status = statusAfterConference('change');
    return outcome({ ...state, status, draftPlan: { ...plan, submittedAt: undefined } }, [decided(status)]);
  }
  let next: CaseState = state;
  const commands: CaseCommand[] = [];
  for (const change of planChanges(state.approvedPlan?.lines ?? [], plan.lines, state.referrals)) {
    if (change.kind === 'amend') commands.push({ kind: 'amend', referralId: change.referralId, actor: a.actor, line: change.line });
    else if (change.kind === 'cancel')
      commands.push({ kind: 'cancel', referralId: change.referralId, input: { actor: a.actor, reason: 'planChanged' } });
    else {
      if (change.cancel) commands.push({ kind: 'cancel', referralId: change.cancel, input: { actor: a.actor, reason: 'planChanged' } });
      const opened = openReferral(next, change.line, false, ctx);
      next = opened.state;
      commands.push(opened.command);
    }
  }
  const first = !state.firstPlanApprovedAt;
  const status = statusAfterConference('approve');
  next = { ...next, approvedPlan: plan, draftPlan: undefined, status, ...(first ? { firstPlanApprovedAt: ctx.now } : {}) };
  return outcome(next, [decided(status)], { commands, ...(first ? { monitoring: 'reschedule' as const } : {}) });
};

/** A monitoring check (Rule Art. 10): clears an overdue check, and may send the plan back for change. */
export const recordMonitoring: Step<typeof RecordMonitoring> = (state, a, ctx) => {
  if (!state.firstPlanApprovedAt) return refuse('monitoring starts once a plan is approved');
  const at = a.visitedAt ?? ctx.now;
  const dueDate = state.monitoring.nextDue;
  const visit = { at, by: a.actor.id, outcome: a.outcome, dueDate: dueDate ?? seoulDateOf(at) };
  const escalations = state.escalations.map((e) => (e.kind === 'monitoringOverdue' && !e.resolvedAt ? { ...e, resolvedAt: at } : e));
  const status = a.outcome === 'changePlan' ? 'planning' : state.status;
  return outcome(
    { ...state, status, escalations, monitoring: { ...state.monitoring, overdue: false, visits: [...state.monitoring.visits, visit] } },
    [
      stepEvent('monitoringRecorded', a.actor, status, {
        outcome: a.outcome,
        ...(dueDate ? { dueDate } : {}),
        late: state.monitoring.overdue,
      }),
    ],
    { monitoring: 'reschedule' },
  );
};

export const cancelReferral: Step<typeof CancelReferral> = (state, a) => {
  const r = state.referrals[a.referralId];
  if (!r) return refuse(`case ${state.caseId} has no referral ${a.referralId}`);
  if (!isOpenTaskStatus(r.status)) return refuse(`referral ${a.referralId} is already ${r.status}`);
  return outcome(state, [stepEvent('referralCancelRequested', a.actor, state.status, { referralId: a.referralId })], {
    commands: [{ kind: 'cancel', referralId: a.referralId, input: { actor: a.actor, reason: 'caseworkerCancelled' } }],
  });
};

/** The supervisor answers an escalation: another round of providers, a named provider, cancel, or acknowledge. */
export const resolveEscalation: Step<typeof ResolveEscalation> = (state, a, ctx) => {
  const e = state.escalations.find((x) => x.id === a.escalationId);
  if (!e) return refuse(`case ${state.caseId} has no escalation ${a.escalationId}`);
  if (e.resolvedAt) return refuse(`escalation ${a.escalationId} is already resolved`);
  if (e.kind === 'monitoringOverdue' && a.resolution !== 'acknowledge')
    return refuse('an overdue check is acknowledged; it is resolved by recording the visit');
  if (a.resolution === 'assignProvider' && !a.providerId) return refuse('assignProvider needs a providerId');
  const commands: CaseCommand[] =
    e.kind === 'referralExhausted' && e.referralId && a.resolution !== 'acknowledge'
      ? [{ kind: 'resolve', referralId: e.referralId, resolution: { actor: a.actor, resolution: a.resolution, providerId: a.providerId } }]
      : [];
  const resolved = e.kind === 'referralExhausted' || a.resolution === 'acknowledge';
  const escalations = state.escalations.map((x) => (x === e && resolved ? { ...x, resolvedAt: ctx.now } : x));
  return outcome(
    { ...state, escalations },
    [stepEvent('escalationResolved', a.actor, state.status, { escalationId: e.id, resolution: a.resolution })],
    { commands },
  );
};

/** Consent withdrawn (Act Art. 4): every pending referral stops and the case closes on the "refuses" ground. */
export const withdrawConsent: Step<typeof WithdrawConsent> = (state, a, ctx) => {
  const withdrawn = { ...state, consentWithdrawnAt: ctx.now };
  return then(
    outcome(withdrawn, [stepEvent('consentWithdrawn', a.actor, state.status, {})]),
    close(withdrawn, a.actor, 'refuses', ctx),
    {},
  );
};

export const closeCase: Step<typeof CloseCase> = (state, a, ctx) => close(state, a.actor, a.ground, ctx);

/** Every action's step, by the action's name (domain/case/case-lifecycle.ts CASE_ACTIONS). */
export const CASE_STEPS = {
  recordConsent,
  recordPreSurvey,
  recordAssessment,
  decideEligibility: decideCaseEligibility,
  linkUrgentService,
  draftPlan,
  submitPlan,
  conferenceDecision,
  recordMonitoring,
  cancelReferral,
  resolveEscalation,
  withdrawConsent,
  closeCase,
} as const;

/** Whether the role may take the action now (case-lifecycle.ts), then the action's own rules. */
export function decideCaseAction(
  action: CaseAction,
  state: CaseState,
  input: { actor: Actor },
  ctx: StepContext,
): StepResult<Record<string, unknown>> {
  const allowed = authoriseCaseAction(action, input.actor.role, state.status);
  if (!allowed.allowed) return refuse(allowed.reason, 'DolbomActionNotAllowed', allowed.code);
  return (CASE_STEPS[action] as (s: CaseState, i: { actor: Actor }, c: StepContext) => StepResult<Record<string, unknown>>)(
    state,
    input,
    ctx,
  );
}

/** A monitoring check was not recorded by the legal limit: the case is overdue and the supervisor is told. */
export function markMonitoringOverdue(state: CaseState, ctx: StepContext): StepOutcome {
  const escalationId = `esc-${state.escalations.length + 1}`;
  return outcome(
    {
      ...state,
      monitoring: { ...state.monitoring, overdue: true },
      escalations: [...state.escalations, { id: escalationId, kind: 'monitoringOverdue', openedAt: ctx.now }],
    },
    [
      stepEvent('monitoringOverdue', SYSTEM_ACTOR, state.status, {
        ...(state.monitoring.nextDue ? { dueDate: state.monitoring.nextDue } : {}),
        escalationId,
      }),
    ],
  );
}
