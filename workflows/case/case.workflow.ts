/**
 * One case per recipient, from intake to closure (Act Arts. 10-14; Rule Arts. 7-11). Each step is an update
 * moved by the actor the law names; its validator refuses a step that is not allowed now or by that role, and
 * nothing changes. Referrals run as child workflows; monitoring checks are timers; every step is an event.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { PublishEventInput } from '../../activities/publish-event';
import { ERR_ACTION_NOT_ALLOWED, ERR_INVALID_INPUT, ERR_OUT_OF_SCOPE } from '../../domain/failures';
import { AccessScope, canAccessCase, outOfScopeMessage } from '../../domain/access';
import { assessmentNeedDomains } from '../../domain/assessment';
import { authoriseCaseAction, statusAfterConference, statusAfterPreSurvey, type CaseAction } from '../../domain/case/case-lifecycle';
import { getService, isServiceCode } from '../../domain/catalogue/catalogue';
import type { CareDomain } from '../../domain/codes';
import { decideEligibility } from '../../domain/eligibility';
import { nextMonitoringDue } from '../../domain/monitoring';
import { DEFAULT_POLICY } from '../../domain/policy-defaults';
import { screenPreSurvey } from '../../domain/pre-survey';
import { isOpenTaskStatus } from '../../domain/referral/referral-lifecycle';
import { seoulDateOf } from '../../domain/seoul-date';
import { calendar, events } from '../activity-proxies';
import { SYSTEM_ACTOR, type Actor } from '../../domain/actor';
import { amendReferralSignal, cancelReferralSignal, resolveEscalationSignal, type CancelReferralInput, type EscalationResolution, type ReferralInput } from '../referral/referral.messages';
import { referralWorkflow } from '../referral/referral.workflow';
import { SA } from '../search-attributes';
import { referralStatusChangedSignal } from './case-notifications';
import type { CaseEventKind } from '../../domain/vocabulary';
import { caseStepEvents } from './case-events';
import { cancelReferralUpdate, caseStateQuery, closeCaseUpdate, conferenceDecisionUpdate, decideEligibilityUpdate, draftPlanUpdate, linkUrgentServiceUpdate, recordAssessmentUpdate, recordConsentUpdate, recordMonitoringUpdate, recordPreSurveyUpdate, resolveEscalationUpdate, submitPlanUpdate, withdrawConsentUpdate, type CaseWorkflowInput } from './case.messages';
import { CancelReferral, CloseCase, ConferenceDecisionInput, DecideEligibility, DraftPlan, LinkUrgentService, RecordAssessment, RecordConsent, RecordMonitoring, RecordPreSurvey, ResolveEscalation, SubmitPlan, WithdrawConsent, type ServiceLine } from '../../domain/case/case-inputs';
import { referralWorkflowId, type CaseState } from '../../domain/case/case-state';

/**
 * How long a closed case waits for its referrals to confirm they stopped. They confirm within seconds unless
 * Kafka is down (their cancellation event must be published first); past this the case ends with what it saw.
 */
const REFERRAL_SETTLE_TIMEOUT = '7 days';

/** History length after which a case continues as new (Temporal also suggests it on size). */
export const DEFAULT_HISTORY_LIMIT = 4000;

type ChildCommand =
  | { kind: 'start'; line: ServiceLine; urgent: boolean; referralId: string }
  | { kind: 'cancel'; referralId: string; input: CancelReferralInput }
  | { kind: 'amend'; referralId: string; actor: Actor; line: ServiceLine }
  | { kind: 'resolve'; referralId: string; resolution: EscalationResolution };

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  const { intake } = input;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const caseId = workflowInfo().workflowId;
  const now = () => new Date().toISOString();
  const isNewCase = !input.state;
  const state: CaseState = input.state ?? {
    caseId,
    status: 'awaitingConsent',
    openedAt: intake.receivedAt ?? now(),
    districtCode: intake.districtCode,
    dongCode: intake.dongCode,
    recipientPseudoId: intake.recipientPseudoId,
    application: intake.application,
    personal: intake.personal,
    // Replaced by the district's policy below: handlers must be registered before the first await.
    policy: { ...DEFAULT_POLICY },
    referrals: {},
    monitoring: { overdue: false, visits: [] },
    escalations: [],
    timeline: [],
    run: 1,
  };
  const outbox: PublishEventInput[] = [];
  const commands: ChildCommand[] = [];
  let monitoringOverdueAt: string | undefined = input.monitoringOverdueAt;

  // A new case's first entry is 'opened', even when an update arrives in the same workflow task as the start
  // and its handler runs before this function reaches its own first step.
  let openedPending = isNewCase;
  const recordOpened = () => {
    if (!openedPending) return;
    openedPending = false;
    record(intake.actor, 'opened', {
      applicantType: intake.application.applicantType,
      ...(intake.application.exOfficioGround ? { exOfficioGround: intake.application.exOfficioGround } : {}),
    });
  };
  const record = (actor: Actor, kind: CaseEventKind, details: Record<string, unknown> = {}): number => {
    recordOpened();
    const seq = state.timeline.length + 1;
    const at = now();
    state.timeline.push({ seq, at, actor, action: kind, details });
    outbox.push(...caseStepEvents(state, { kind, seq, at, actor, details }));
    refreshSearchAttributes();
    return seq;
  };

  const refreshSearchAttributes = () => {
    const open = Object.values(state.referrals).filter((r) => isOpenTaskStatus(r.status));
    const deadlines = [monitoringOverdueAt, ...open.map((r) => r.respondBy)].filter((d): d is string => !!d).sort();
    upsertSearchAttributes([
      { key: SA.kind, value: 'case' },
      { key: SA.caseStatus, value: state.status },
      { key: SA.district, value: state.districtCode },
      { key: SA.dong, value: state.dongCode },
      { key: SA.overdue, value: state.monitoring.overdue },
      { key: SA.escalationOpen, value: state.escalations.some((e) => !e.resolvedAt) },
      { key: SA.openReferrals, value: open.length },
      // A case with no deadline left (closed, or nothing awaited) shows none, not the last one it had.
      { key: SA.nextDeadline, value: deadlines[0] ? new Date(deadlines[0]) : null },
    ]);
  };

  /** Checks the caller's area, validates an action's payload, and checks it is allowed now and by this role. Changes nothing. */
  function check<S extends z.ZodType>(action: CaseAction, schema: S, raw: unknown, scope?: unknown): z.output<S> {
    if (scope !== undefined) {
      const caller = AccessScope.safeParse(scope);
      if (!caller.success || !canAccessCase(caller.data, state)) throw ApplicationFailure.nonRetryable(outOfScopeMessage(caseId, caller.data ?? { role: 'unknown' }), ERR_OUT_OF_SCOPE);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      throw ApplicationFailure.nonRetryable(`invalid ${action}: ${detail}`, ERR_INVALID_INPUT);
    }
    const { actor } = parsed.data as { actor: Actor };
    const decision = authoriseCaseAction(action, actor.role, state.status);
    if (!decision.allowed) throw ApplicationFailure.nonRetryable(decision.reason, ERR_ACTION_NOT_ALLOWED, decision.code);
    return parsed.data;
  }
  const refuse = (message: string): never => {
    throw ApplicationFailure.nonRetryable(message, ERR_ACTION_NOT_ALLOWED);
  };
  const done = (seq: number) => ({ status: state.status, seq });

  const openReferralFor = (line: ServiceLine, urgent: boolean) => {
    const n = Object.values(state.referrals).filter((r) => r.lineId === line.lineId).length + 1;
    // Referral ids name the case's opening, so a reopened case never reuses an earlier case's referral (and
    // event) ids. Cases opened before this change keep their ids.
    const referralId = patched('referral-id-names-case-opening')
      ? referralWorkflowId(`${caseId}-${Date.parse(state.openedAt).toString(36)}`, line.lineId, n)
      : referralWorkflowId(caseId, line.lineId, n);
    state.referrals[referralId] = {
      referralId,
      lineId: line.lineId,
      serviceCode: line.serviceCode,
      domain: getService(line.serviceCode).domain as CareDomain,
      status: 'draft',
      escalated: false,
      urgent,
      lastSeq: 0,
    };
    commands.push({ kind: 'start', line, urgent, referralId });
    return referralId;
  };

  /** Referrals the closed case stopped and whose own confirmation it still awaits. */
  const awaitingCancellation = new Set<string>();
  const cancelOpenReferrals = (actor: Actor, reason: CancelReferralInput['reason']) => {
    // Shown as cancelled at once, so the closed case never shows an open referral or a deadline; each referral
    // confirms with its own final state (or corrects it, had it finished first), which the case waits for.
    const recordsThemItself = patched('closed-case-awaits-referrals');
    for (const r of Object.values(state.referrals)) {
      if (!isOpenTaskStatus(r.status)) continue;
      commands.push({ kind: 'cancel', referralId: r.referralId, input: { actor, reason } });
      if (recordsThemItself) {
        Object.assign(r, { status: 'cancelled', respondBy: undefined, escalated: false });
        awaitingCancellation.add(r.referralId);
      }
    }
  };

  const close = (actor: Actor, ground: NonNullable<CaseState['closure']>['ground'], reasons?: string[]) => {
    state.status = 'closed';
    state.closure = { ground, at: now(), by: actor.id, ...(reasons ? { reasons } : {}) };
    monitoringOverdueAt = undefined;
    cancelOpenReferrals(actor, ground === 'refuses' ? 'consentWithdrawn' : 'caseClosed');
    return record(actor, 'closed', { ground, ...(reasons ? { reasons } : {}) });
  };

  const scheduleMonitoring = async () => {
    if (!state.firstPlanApprovedAt || state.status === 'closed') return;
    const last = state.monitoring.visits[state.monitoring.visits.length - 1];
    const due = nextMonitoringDue({ firstPlanApprovedAt: state.firstPlanApprovedAt, lastMonitoredAt: last?.at, policy: state.policy });
    state.monitoring.nextDue = due;
    monitoringOverdueAt = await calendar.businessDeadline({
      from: `${due}T12:00:00+09:00`,
      businessDays: state.policy.overdueGraceBusinessDays,
      extraHolidays: state.policy.extraHolidays,
    });
    refreshSearchAttributes();
  };
  let monitoringNeedsScheduling = false;
  const scheduleMonitoringIfNeeded = async () => {
    if (!monitoringNeedsScheduling) return;
    monitoringNeedsScheduling = false;
    await scheduleMonitoring();
  };

  // ---- queries and updates ----
  setHandler(caseStateQuery, () => state);

  setHandler(
    recordConsentUpdate,
    (raw) => {
      const a = RecordConsent.parse(raw);
      state.consent = { recordedAt: now(), by: a.actor.id, scope: a.scope };
      state.status = 'preSurvey';
      return done(record(a.actor, 'consentRecorded', { scope: a.scope }));
    },
    { validator: (raw, caller?) => void check('recordConsent', RecordConsent, raw, caller) },
  );

  setHandler(
    recordPreSurveyUpdate,
    (raw) => {
      const a = RecordPreSurvey.parse(raw);
      const screen = screenPreSurvey(a.survey);
      state.preSurvey = { input: a.survey, screen, at: now() };
      state.status = statusAfterPreSurvey(screen.requestFullAssessment);
      // Minimum data: the screen's outcome leaves the case, its ADL score (health data) does not.
      const seq = record(a.actor, 'preSurveyRecorded', { requestFullAssessment: screen.requestFullAssessment });
      return { ...done(seq), requestFullAssessment: screen.requestFullAssessment };
    },
    { validator: (raw, caller?) => void check('recordPreSurvey', RecordPreSurvey, raw, caller) },
  );

  setHandler(
    recordAssessmentUpdate,
    (raw) => {
      const a = RecordAssessment.parse(raw);
      state.assessment = { result: a.result, recordedAt: now() };
      state.status = 'awaitingEligibility';
      return done(record(a.actor, 'assessmentRecorded', {}));
    },
    { validator: (raw, caller?) => void check('recordAssessment', RecordAssessment, raw, caller) },
  );

  setHandler(
    decideEligibilityUpdate,
    (raw) => {
      const a = DecideEligibility.parse(raw);
      const needDomains = [...new Set([...(state.assessment ? assessmentNeedDomains(state.assessment.result) : []), ...a.needDomains])];
      const decision = decideEligibility({
        birthDate: state.personal.birthDate,
        asOf: seoulDateOf(new Date()),
        severeDisabilityRecognised: a.severeDisabilityRecognised,
        districtRecognised: a.districtRecognised,
        difficultyCauses: a.difficultyCauses,
        needDomains,
      });
      state.eligibility = { ...decision, decidedAt: now() };
      const reasons = decision.reasons.map((r) => r.code);
      if (decision.eligible) {
        state.status = 'planning';
        const seq = record(a.actor, 'eligibilityDecided', { eligible: true, routes: decision.routes, reasons });
        return { ...done(seq), eligible: true, reasons };
      }
      record(a.actor, 'eligibilityDecided', { eligible: false, reasons });
      const seq = close(a.actor, 'ineligible', reasons.filter((_, i) => !decision.reasons[i]!.met));
      return { ...done(seq), eligible: false, reasons };
    },
    { validator: (raw, caller?) => void check('decideEligibility', DecideEligibility, raw, caller) },
  );

  setHandler(
    linkUrgentServiceUpdate,
    (raw) => {
      const a = LinkUrgentService.parse(raw);
      const referralId = openReferralFor(a.line, true);
      const seq = record(a.actor, 'urgentServiceLinked', { referralId, serviceCode: a.line.serviceCode });
      return { ...done(seq), referralId };
    },
    {
      validator: (raw, caller?) => {
        const a = check('linkUrgentService', LinkUrgentService, raw, caller);
        if (!isServiceCode(a.line.serviceCode)) refuse(`unknown service code ${a.line.serviceCode}`);
        if (!getService(a.line.serviceCode).urgentEligible) refuse(`${a.line.serviceCode} cannot be linked before the assessment; it is not an urgent service`);
        if (!state.consent?.scope.includes('referral')) refuse('the person has not consented to referral');
      },
    },
  );

  setHandler(
    draftPlanUpdate,
    (raw) => {
      const a = DraftPlan.parse(raw);
      const version = (state.approvedPlan?.version ?? 0) + 1;
      state.draftPlan = { version, lines: a.lines, coordination: a.coordination, personHeard: a.personHeard, draftedAt: now() };
      const seq = record(a.actor, 'planDrafted', { version, serviceCodes: a.lines.map((l) => l.serviceCode) });
      return { ...done(seq), version };
    },
    {
      validator: (raw, caller?) => {
        const a = check('draftPlan', DraftPlan, raw, caller);
        if (state.status === 'active' && state.monitoring.visits.at(-1)?.outcome !== 'changePlan' && !state.draftPlan) {
          refuse('a running plan is revised after a monitoring check that found a change is needed');
        }
        const ids = new Set<string>();
        for (const line of a.lines) {
          if (!isServiceCode(line.serviceCode)) refuse(`unknown service code ${line.serviceCode}`);
          if (ids.has(line.lineId)) refuse(`line id ${line.lineId} appears twice`);
          ids.add(line.lineId);
        }
        if (!a.personHeard) refuse('the person and family must be heard on the plan (Rule Form 2)');
        if (a.lines.length >= 2 && !a.coordination) refuse('a plan with two or more service lines says how the providers coordinate');
      },
    },
  );

  setHandler(
    submitPlanUpdate,
    (raw) => {
      const a = SubmitPlan.parse(raw);
      state.draftPlan!.submittedAt = now();
      state.status = 'awaitingConference';
      return done(record(a.actor, 'planSubmitted', { version: state.draftPlan!.version }));
    },
    {
      validator: (raw, caller?) => {
        check('submitPlan', SubmitPlan, raw, caller);
        if (!state.draftPlan) refuse('there is no drafted plan to submit');
        if (state.draftPlan!.submittedAt) refuse('this plan version was already submitted');
      },
    },
  );

  setHandler(
    conferenceDecisionUpdate,
    (raw) => {
      const a = ConferenceDecisionInput.parse(raw);
      const plan = state.draftPlan!;
      plan.decidedAt = now();
      plan.decision = a.decision;
      if (a.decision === 'close') {
        record(a.actor, 'conferenceDecided', { decision: 'close', version: plan.version });
        return done(close(a.actor, a.closureGround!));
      }
      if (a.decision === 'change') {
        state.status = statusAfterConference('change');
        plan.submittedAt = undefined;
        return done(record(a.actor, 'conferenceDecided', { decision: 'change', version: plan.version }));
      }
      applyApprovedPlan(a.actor, plan);
      state.status = statusAfterConference('approve');
      return done(record(a.actor, 'conferenceDecided', { decision: 'approve', version: plan.version }));
    },
    {
      validator: (raw, caller?) => {
        const a = check('conferenceDecision', ConferenceDecisionInput, raw, caller);
        if (!state.draftPlan?.submittedAt) refuse('no submitted plan awaits a decision');
        if (a.decision === 'close' && !a.closureGround) refuse('closing at the conference needs one of the five closure grounds');
      },
    },
  );

  const applyApprovedPlan = (actor: Actor, plan: NonNullable<CaseState['draftPlan']>) => {
    const previous = new Map((state.approvedPlan?.lines ?? []).map((l) => [l.lineId, l]));
    const next = new Map(plan.lines.map((l) => [l.lineId, l]));
    const openByLine = (lineId: string) => Object.values(state.referrals).find((r) => r.lineId === lineId && isOpenTaskStatus(r.status));
    for (const line of plan.lines) {
      const before = previous.get(line.lineId);
      const open = openByLine(line.lineId);
      if (!open || (before && before.serviceCode !== line.serviceCode)) {
        if (open) commands.push({ kind: 'cancel', referralId: open.referralId, input: { actor, reason: 'planChanged' } });
        openReferralFor(line, false);
      } else if (JSON.stringify(before?.quantity) !== JSON.stringify(line.quantity) || JSON.stringify(before?.period) !== JSON.stringify(line.period)) {
        commands.push({ kind: 'amend', referralId: open.referralId, actor, line });
      }
    }
    for (const [lineId] of previous) {
      const open = openByLine(lineId);
      if (!next.has(lineId) && open) commands.push({ kind: 'cancel', referralId: open.referralId, input: { actor, reason: 'planChanged' } });
    }
    state.approvedPlan = plan;
    state.draftPlan = undefined;
    if (!state.firstPlanApprovedAt) {
      state.firstPlanApprovedAt = now();
      monitoringNeedsScheduling = true;
    }
  };

  setHandler(
    recordMonitoringUpdate,
    (raw) => {
      const a = RecordMonitoring.parse(raw);
      const at = a.visitedAt ?? now();
      state.monitoring.visits.push({ at, by: a.actor.id, outcome: a.outcome, dueDate: state.monitoring.nextDue ?? seoulDateOf(at) });
      const wasOverdue = state.monitoring.overdue;
      state.monitoring.overdue = false;
      for (const e of state.escalations) if (e.kind === 'monitoringOverdue' && !e.resolvedAt) e.resolvedAt = at;
      if (a.outcome === 'changePlan') state.status = 'planning';
      monitoringNeedsScheduling = true;
      const seq = record(a.actor, 'monitoringRecorded', { outcome: a.outcome, dueDate: state.monitoring.nextDue, late: wasOverdue });
      return { ...done(seq) };
    },
    {
      validator: (raw, caller?) => {
        check('recordMonitoring', RecordMonitoring, raw, caller);
        if (!state.firstPlanApprovedAt) refuse('monitoring starts once a plan is approved');
      },
    },
  );

  setHandler(
    cancelReferralUpdate,
    (raw) => {
      const a = CancelReferral.parse(raw);
      commands.push({ kind: 'cancel', referralId: a.referralId, input: { actor: a.actor, reason: 'caseworkerCancelled' } });
      return done(record(a.actor, 'referralCancelRequested', { referralId: a.referralId }));
    },
    {
      validator: (raw, caller?) => {
        const a = check('cancelReferral', CancelReferral, raw, caller);
        const r = state.referrals[a.referralId];
        if (!r) refuse(`case ${caseId} has no referral ${a.referralId}`);
        if (!isOpenTaskStatus(r!.status)) refuse(`referral ${a.referralId} is already ${r!.status}`);
      },
    },
  );

  setHandler(
    resolveEscalationUpdate,
    (raw) => {
      const a = ResolveEscalation.parse(raw);
      const e = state.escalations.find((x) => x.id === a.escalationId)!;
      if (e.kind === 'referralExhausted' && e.referralId && a.resolution !== 'acknowledge') {
        commands.push({ kind: 'resolve', referralId: e.referralId, resolution: { actor: a.actor, resolution: a.resolution, providerId: a.providerId } });
      }
      if (e.kind === 'referralExhausted' || a.resolution === 'acknowledge') e.resolvedAt = now();
      return done(record(a.actor, 'escalationResolved', { escalationId: e.id, resolution: a.resolution }));
    },
    {
      validator: (raw, caller?) => {
        const a = check('resolveEscalation', ResolveEscalation, raw, caller);
        const e = state.escalations.find((x) => x.id === a.escalationId);
        if (!e) refuse(`case ${caseId} has no escalation ${a.escalationId}`);
        if (e!.resolvedAt) refuse(`escalation ${a.escalationId} is already resolved`);
        if (e!.kind === 'monitoringOverdue' && a.resolution !== 'acknowledge') refuse('an overdue check is acknowledged; it is resolved by recording the visit');
        if (a.resolution === 'assignProvider' && !a.providerId) refuse('assignProvider needs a providerId');
      },
    },
  );

  setHandler(
    withdrawConsentUpdate,
    (raw) => {
      const a = WithdrawConsent.parse(raw);
      state.consentWithdrawnAt = now();
      record(a.actor, 'consentWithdrawn', {});
      return done(close(a.actor, 'refuses'));
    },
    { validator: (raw, caller?) => void check('withdrawConsent', WithdrawConsent, raw, caller) },
  );

  setHandler(
    closeCaseUpdate,
    (raw) => {
      const a = CloseCase.parse(raw);
      return done(close(a.actor, a.ground));
    },
    { validator: (raw, caller?) => void check('closeCase', CloseCase, raw, caller) },
  );

  setHandler(referralStatusChangedSignal, (s) => {
    const r = state.referrals[s.referralId];
    if (!r || s.seq <= r.lastSeq) return; // out of date or duplicate
    // After closure, a step the referral took before its cancellation reached it changes nothing shown.
    const stale = awaitingCancellation.has(s.referralId) && isOpenTaskStatus(s.status);
    if (!stale) awaitingCancellation.delete(s.referralId);
    Object.assign(r, {
      status: stale ? r.status : s.status,
      providerId: s.providerId,
      escalated: stale ? false : s.escalated,
      // A decision deadline is shown only while a decision is awaited (docs/events.md).
      respondBy: !stale && (s.status === 'requested' || s.status === 'received') ? s.respondBy : undefined,
      declineReason: s.declineReason,
      attempt: s.attempt,
      lastSeq: s.seq,
    });
    const open = state.escalations.find((e) => e.referralId === s.referralId && !e.resolvedAt);
    if (s.escalated && !open && state.status !== 'closed') {
      const id = `esc-${state.escalations.length + 1}`;
      state.escalations.push({ id, kind: 'referralExhausted', referralId: s.referralId, openedAt: s.at });
      record(SYSTEM_ACTOR, 'escalationOpened', { escalationId: id, kind: 'referralExhausted', referralId: s.referralId });
    } else if (!s.escalated && open) {
      open.resolvedAt = s.at;
    }
    refreshSearchAttributes();
  });

  // ---- the case's own work ----
  if (isNewCase) {
    recordOpened();
    state.policy = await calendar.resolveDistrictPolicy(intake.districtCode);
  } else {
    refreshSearchAttributes();
  }

  const runCommands = async () => {
    while (commands.length > 0) {
      const c = commands.shift()!;
      if (c.kind === 'start') await startReferral(c.referralId, c.line, c.urgent);
      else if (c.kind === 'cancel') await signalReferral(c.referralId, (h) => h.signal(cancelReferralSignal, c.input));
      else if (c.kind === 'amend') await signalReferral(c.referralId, (h) => h.signal(amendReferralSignal, { actor: c.actor, quantity: c.line.quantity, period: c.line.period }));
      else await signalReferral(c.referralId, (h) => h.signal(resolveEscalationSignal, c.resolution));
    }
  };

  const startReferral = async (referralId: string, line: ServiceLine, urgent: boolean) => {
    const referralInput: ReferralInput = {
      referralId,
      caseId,
      lineId: line.lineId,
      serviceCode: line.serviceCode,
      domain: state.referrals[referralId]!.domain,
      quantity: line.quantity,
      period: line.period,
      districtCode: state.districtCode,
      dongCode: state.dongCode,
      recipientPseudoId: state.recipientPseudoId,
      urgent,
      preferredProviderId: line.preferredProviderId,
      policy: {
        providerDecisionBusinessDays: state.policy.providerDecisionBusinessDays,
        maxProvidersBeforeEscalation: state.policy.maxProvidersBeforeEscalation,
        extraHolidays: state.policy.extraHolidays,
      },
    };
    // Abandoned on close: a referral outlives this run (continue-as-new) and ends on its own signals.
    await startChild(referralWorkflow, { workflowId: referralId, args: [referralInput], parentClosePolicy: ParentClosePolicy.ABANDON });
  };

  const signalReferral = async (referralId: string, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>) => {
    try {
      await send(getExternalWorkflowHandle(referralId));
    } catch {
      // The referral has already finished: nothing left to tell it.
    }
  };

  const flush = async () => {
    if (outbox.length === 0) return;
    const batch = outbox.splice(0, outbox.length);
    await events.publishEvents(batch);
  };

  while (state.status !== 'closed') {
    const overdueIn = monitoringOverdueAt && !state.monitoring.overdue ? Date.parse(monitoringOverdueAt) - Date.now() : undefined;
    const hasWork = () => outbox.length > 0 || commands.length > 0 || monitoringNeedsScheduling || state.status === 'closed';
    const woke = overdueIn === undefined ? (await condition(hasWork), true) : await condition(hasWork, Math.max(overdueIn, 1));
    if (!woke && monitoringOverdueAt && !state.monitoring.overdue) {
      state.monitoring.overdue = true;
      const id = `esc-${state.escalations.length + 1}`;
      state.escalations.push({ id, kind: 'monitoringOverdue', openedAt: now() });
      record(SYSTEM_ACTOR, 'monitoringOverdue', { dueDate: state.monitoring.nextDue, escalationId: id });
    }
    // Causal order on the case-events topic: the case's own events are published before the referral work
    // they cause starts (a referral's `requested` after `conference-decided`, its `cancelled` after `closed`).
    // The next monitoring date is set before anything awaits, so a read right after a visit already shows it.
    if (patched('case-events-before-referral-commands')) {
      await scheduleMonitoringIfNeeded();
      await flush();
      await runCommands();
    } else {
      await runCommands();
      await scheduleMonitoringIfNeeded();
    }
    await flush();
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit) {
      await drain();
      state.run += 1;
      // No await between the drain and this call: an update accepted meanwhile would be lost with the run.
      await continueAsNew<typeof caseWorkflow>({ intake, state, historyLimit, monitoringOverdueAt });
    }
  }
  await drain();
  if (patched('closed-case-awaits-referrals')) {
    // A closed case shows every referral's final state: it waits until each one it asked to stop has told it
    // so (its cancellation recorded and published), rather than finishing with referrals shown as open.
    await condition(() => awaitingCancellation.size === 0, REFERRAL_SETTLE_TIMEOUT);
    refreshSearchAttributes();
    await drain();
  }
  return state;

  /** Finishes every queued command and event, including those queued by handlers while it awaits. */
  async function drain(): Promise<void> {
    for (;;) {
      await condition(allHandlersFinished);
      if (commands.length === 0 && outbox.length === 0) return;
      if (patched('case-events-before-referral-commands')) {
        await flush();
        await runCommands();
      } else {
        await runCommands();
        await flush();
      }
    }
  }
}
