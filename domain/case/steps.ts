/**
 * The case's rules, one pure step per action (Act Arts. 10-14; Rule Arts. 7-11): who may take it, when, what
 * it refuses and why, and what it changes. `(state, input, context) -> refusal | outcome` (domain/case/case-step.ts).
 * The case workflow (workflows/case/case.workflow.ts) runs them: its update validators ask for the refusal, its
 * handlers apply the outcome. Unit tests: domain/case/steps.test.ts.
 */
import type { z } from 'zod';
import type { Actor } from '../actor';
import { assessmentNeedDomains } from '../assessment';
import { getService, isServiceCode } from '../catalogue/catalogue';
import type { CareDomain, ClosureGround } from '../codes';
import { decideEligibility } from '../eligibility';
import { ERR_INVALID_INPUT } from '../failures';
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
import { monitoringVisitDateRefusal } from './monitoring-visit-date';
import { informationIsNew, isInformationLine } from './open-access-lines';
import { planChanges } from './plan-changes';
import { assessmentPriority, awaitsAssessment, newAssessmentRequest, reassessmentDueAfter, releaseHeldRequest } from './assessment-request';
import { consentRecord, refuseWithoutConsent } from './consent';
import { fireTimer } from './case-timers';
import { linkSingleService, narrowConsent } from './duty-steps';
import { keptNote, noteMark, reassignCase, transferCase } from './ownership-steps';

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
function close(
  state: CaseState,
  actor: Actor,
  ground: CaseClosureGround,
  ctx: StepContext,
  reasons?: string[],
  note?: string,
): StepOutcome {
  const reason: ReferralCancelReason = ground === 'refuses' ? 'consentWithdrawn' : 'caseClosed';
  const kept = keptNote(ctx, note);
  const recordsThemItself = ctx.flags.closedCaseRecordsCancellations;
  const referrals = { ...state.referrals };
  const commands: CaseCommand[] = [];
  const awaitCancellation: string[] = [];
  // An ineligibility finding does not stop urgent services already running (one-stop; the law's duties).
  const keepsUrgent = ctx.flags.lawDuties && ground === 'ineligible';
  for (const r of Object.values(state.referrals)) {
    if (!isOpenTaskStatus(r.status) || (keepsUrgent && r.urgent)) continue;
    commands.push({ kind: 'cancel', referralId: r.referralId, input: { actor, reason } });
    if (recordsThemItself) {
      referrals[r.referralId] = { ...r, status: 'cancelled', respondBy: undefined, escalated: false };
      awaitCancellation.push(r.referralId);
    }
  }
  const next: CaseState = {
    ...state,
    status: 'closed',
    closure: { ground, at: ctx.now, by: actor.id, ...(reasons ? { reasons } : {}), ...kept },
    referrals,
  };
  const linked = ctx.flags.lawDuties ? (state.singleServiceLinks ?? []).length : 0;
  const details = {
    ground,
    ...(reasons ? { reasons: reasons as never[] } : {}),
    ...noteMark(kept),
    ...(linked > 0 ? { singleServicesLinked: linked } : {}),
  };
  return outcome(next, [stepEvent('closed', actor, 'closed', details)], { commands, monitoring: 'stop', awaitCancellation });
}

/** Two outcomes in a row: the first step's events, then the second's (a decision that also closes the case). */
const then = <R extends object>(first: StepOutcome, second: StepOutcome, reply: R): StepOutcome<R> => ({
  ...second,
  events: [...first.events, ...second.events],
  commands: [...first.commands, ...second.commands],
  reply,
});

/** The refusal an older case gives for an action the law's duties allowed in more statuses (case-lifecycle.ts). */
const olderRule = (action: string, status: CaseState['status'], allowed: readonly CaseState['status'][]) =>
  allowed.includes(status)
    ? undefined
    : refuse(
        `${action} is not allowed while the case is ${status} (allowed when ${allowed.join(', ')})`,
        'DolbomActionNotAllowed',
        'STATUS_NOT_ALLOWED',
      );

/** Act Art. 4: consent to survey, sharing and referral, with who gave it, how and when; a later one widens it. */
export const recordConsent: Step<typeof RecordConsent> = (state, a, ctx) => {
  if (!ctx.flags.lawDuties) {
    const older = olderRule('recordConsent', state.status, ['awaitingConsent']);
    if (older) return older;
    return outcome({ ...state, consent: { recordedAt: ctx.now, by: a.actor.id, scope: a.scope }, status: 'preSurvey' }, [
      stepEvent('consentRecorded', a.actor, 'preSurvey', { scope: a.scope }),
    ]);
  }
  const recorded = consentRecord(state.consent, a, ctx.now);
  if ('refused' in recorded) return recorded;
  const status = state.status === 'awaitingConsent' ? 'preSurvey' : state.status;
  const consented: CaseState = { ...state, consent: recorded.record, status };
  const next = releaseHeldRequest(consented, ctx.now);
  const events = [stepEvent('consentRecorded', a.actor, status, { scope: recorded.record.scope, givenBy: a.givenBy, method: a.method })];
  const released = next.assessmentRequest !== consented.assessmentRequest ? next.assessmentRequest : undefined;
  if (released) {
    const { requestId, kind, priority } = released;
    events.push(stepEvent('assessmentRequested', a.actor, status, { requestId, kind, priority, held: false }));
  }
  return outcome(next, events);
};

export const recordPreSurvey: Step<typeof RecordPreSurvey, { requestFullAssessment: boolean }> = (state, a, ctx) => {
  if (ctx.flags.lawDuties) return preSurveyThenAssessment(state, a, ctx);
  const screen = screenPreSurvey(a.survey);
  const status = statusAfterPreSurvey(screen.requestFullAssessment);
  // Minimum data: the screen's outcome leaves the case, its ADL score (health data) does not.
  return outcome(
    { ...state, preSurvey: { input: a.survey, screen, at: ctx.now }, status },
    [stepEvent('preSurveyRecorded', a.actor, status, { requestFullAssessment: screen.requestFullAssessment })],
    { reply: { requestFullAssessment: screen.requestFullAssessment } },
  );
};

/**
 * Decree Art. 5: every applicant is assessed. The pre-survey sets the priority and the request goes to the assessor
 * (held until the person consents to sharing); whether to assess is not the screen's to decide.
 */
const preSurveyThenAssessment: Step<typeof RecordPreSurvey, { requestFullAssessment: boolean; priority: string }> = (state, a, ctx) => {
  const noConsent = refuseWithoutConsent(state, 'preSurvey');
  if (noConsent) return noConsent;
  const screen = screenPreSurvey(a.survey);
  const fromScreen = assessmentPriority(screen, state.application, a.survey);
  const priority = state.priority === 'urgent' ? 'urgent' : fromScreen;
  const surveyed: CaseState = { ...state, preSurvey: { input: a.survey, screen, at: ctx.now }, priority, status: 'awaitingAssessment' };
  const request = newAssessmentRequest(surveyed, 'initial', priority, ctx.now);
  const { requestId, kind } = request;
  return outcome(
    { ...surveyed, assessmentRequest: request },
    [
      stepEvent('preSurveyRecorded', a.actor, 'awaitingAssessment', { requestFullAssessment: screen.requestFullAssessment }),
      stepEvent('assessmentRequested', a.actor, 'awaitingAssessment', { requestId, kind, priority, held: request.status === 'held' }),
    ],
    { reply: { requestFullAssessment: screen.requestFullAssessment, priority } },
  );
};

/**
 * The comprehensive assessment's result (Act Art. 12(1)), from the assessor or the caseworker: the first one moves the
 * case to the eligibility decision; a re-assessment (Art. 12(2)) is recorded while the case runs. Either sets the next
 * re-assessment's due date and clears an overdue request's escalation.
 */
export const recordAssessment: Step<typeof RecordAssessment> = (state, a, ctx) => {
  if (!ctx.flags.lawDuties) {
    const older = olderRule('recordAssessment', state.status, ['awaitingAssessment']);
    if (older) return older;
    return outcome({ ...state, assessment: { result: a.result, recordedAt: ctx.now }, status: 'awaitingEligibility' }, [
      stepEvent('assessmentRecorded', a.actor, 'awaitingEligibility', {}),
    ]);
  }
  const noConsent = refuseWithoutConsent(state, 'assessment');
  if (noConsent) return noConsent;
  if (!awaitsAssessment(state))
    return refuse('no assessment is awaited: the first follows the pre-survey, re-assessments fall due (Act Art. 12(2))');
  const status = state.status === 'awaitingAssessment' ? 'awaitingEligibility' : state.status;
  const r = state.assessmentRequest;
  const escalations = state.escalations.map((e) => (e.kind === 'assessmentOverdue' && !e.resolvedAt ? { ...e, resolvedAt: ctx.now } : e));
  return outcome(
    {
      ...state,
      status,
      escalations,
      assessment: { result: a.result, recordedAt: ctx.now },
      ...(r ? { assessmentRequest: { ...r, status: 'answered' as const } } : {}),
      reassessmentDue: reassessmentDueAfter(state, ctx.now),
    },
    [stepEvent('assessmentRecorded', a.actor, status, {})],
  );
};

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
  if (ctx.flags.lawDuties) {
    // One-stop: the person is linked to single services before the case closes; urgent services keep running.
    return outcome(
      { ...decided, status: 'linkingSingleServices' },
      [stepEvent('eligibilityDecided', a.actor, 'linkingSingleServices', { eligible: false, reasons })],
      { reply: { eligible: false, reasons } },
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
  if (ctx.flags.lawDuties) {
    const noConsent = refuseWithoutConsent(state, 'referral');
    if (noConsent) return noConsent;
  } else {
    const older = olderRule('linkUrgentService', state.status, [
      'preSurvey',
      'awaitingAssessment',
      'awaitingEligibility',
      'planning',
      'awaitingConference',
    ]);
    if (older) return older;
    if (!state.consent?.scope.includes('referral')) return refuse('the person has not consented to referral');
  }
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
  if (a.decision === 'approve' && ctx.flags.lawDuties) {
    // Approving the plan refers its lines to providers: no referral without consent to sharing and referral (Act Art. 4).
    const noConsent = refuseWithoutConsent(state, 'referral');
    if (noConsent) return noConsent;
  }
  const { note: decisionNote } = keptNote(ctx, a.note);
  const plan: PlanVersion = { ...state.draftPlan, decidedAt: ctx.now, decision: a.decision, ...(decisionNote ? { decisionNote } : {}) };
  const decided = (status: CaseState['status']) =>
    stepEvent('conferenceDecided', a.actor, status, { decision: a.decision, version: plan.version, ...noteMark({ note: decisionNote }) });
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
  const informed: ServiceLine[] = []; // open-access lines: information given, no referral (open-access-lines.ts)
  for (const change of planChanges(state.approvedPlan?.lines ?? [], plan.lines, state.referrals)) {
    if (change.kind === 'amend') commands.push({ kind: 'amend', referralId: change.referralId, actor: a.actor, line: change.line });
    else if (change.kind === 'cancel')
      commands.push({ kind: 'cancel', referralId: change.referralId, input: { actor: a.actor, reason: 'planChanged' } });
    else {
      if (change.cancel) commands.push({ kind: 'cancel', referralId: change.cancel, input: { actor: a.actor, reason: 'planChanged' } });
      if (isInformationLine(change.line, ctx)) {
        if (informationIsNew(state.approvedPlan?.lines ?? [], change.line)) informed.push(change.line);
        continue;
      }
      const opened = openReferral(next, change.line, false, ctx);
      next = opened.state;
      commands.push(opened.command);
    }
  }
  const first = !state.firstPlanApprovedAt;
  const status = statusAfterConference('approve');
  next = { ...next, approvedPlan: plan, draftPlan: undefined, status, ...(first ? { firstPlanApprovedAt: ctx.now } : {}) };
  const information = informed.map((l) => stepEvent('informationGiven', a.actor, status, { serviceCode: l.serviceCode, lineId: l.lineId }));
  return outcome(next, [decided(status), ...information], { commands, ...(first ? { monitoring: 'reschedule' as const } : {}) });
};

/** A monitoring check (Rule Art. 10): clears an overdue check, and may send the plan back for change. */
export const recordMonitoring: Step<typeof RecordMonitoring> = (state, a, ctx) => {
  if (!state.firstPlanApprovedAt) return refuse('monitoring starts once a plan is approved');
  const at = a.visitedAt ?? ctx.now;
  const misdated = ctx.flags.lawDuties ? monitoringVisitDateRefusal(state, at, ctx.now) : undefined;
  if (misdated) return refuse(misdated, ERR_INVALID_INPUT, 'VISIT_DATE_NOT_ALLOWED');
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
  if (e.kind === 'assessmentOverdue' && a.resolution !== 'acknowledge')
    return refuse('an overdue assessment is acknowledged; it is resolved when the assessor records it');
  if (ctx.flags.lawDuties && (a.resolution === 'retry' || a.resolution === 'assignProvider')) {
    const noConsent = refuseWithoutConsent(state, 'referral');
    if (noConsent) return noConsent;
  }
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

/**
 * Closure (Rule Art. 11). A person found ineligible is not just closed: once linked to matching single services (or
 * with a note saying why none), the case closes as ineligible with the unmet conditions and the linkages noted.
 */
export const closeCase: Step<typeof CloseCase> = (state, a, ctx) => {
  if (state.status === 'linkingSingleServices') {
    if ((state.singleServiceLinks ?? []).length === 0 && !a.note)
      return refuse('link the person to matching single services first, or say in a note why none is needed (one-stop linkage)');
    const unmet = (state.eligibility?.reasons ?? []).filter((r) => !r.met).map((r) => r.code);
    return close(state, a.actor, 'ineligible', ctx, unmet, a.note);
  }
  if (!a.ground) return refuse('closing needs one of the five grounds of Rule Art. 11', ERR_INVALID_INPUT);
  return close(state, a.actor, a.ground, ctx, undefined, a.note);
};

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
  reassignCase,
  transferCase,
  narrowConsent,
  linkSingleService,
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
export const markMonitoringOverdue = (state: CaseState, ctx: StepContext): StepOutcome => fireTimer(state, 'monitoringOverdue', ctx);
