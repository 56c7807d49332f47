/**
 * One case per recipient, from intake to closure (Act Arts. 10-14; Rule Arts. 7-11). The rules are pure steps
 * (domain/case/steps.ts): each update's validator asks its step for a refusal, and its handler applies the same
 * step's outcome, so nothing changes when a step is refused. This file registers the handlers, records what the
 * steps return (timeline, events, search attributes), starts and tells the referral workflows, keeps the
 * monitoring timer and continues as new.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxySinks,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PublishEventInput } from '../../activities/publish-event';
import { caseScopeRefusal } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import type { CaseAction } from '../../domain/case/case-lifecycle';
import type { ServiceLine } from '../../domain/case/case-inputs';
import { openedCaseState, type CaseState } from '../../domain/case/case-state';
import { stepEvent, type CaseCommand, type Refusal, type StepContext, type StepEvent, type StepOutcome } from '../../domain/case/case-step';
import { withCaseworkerAtIntake } from '../../domain/case/ownership-steps';
import { applyReferralNotice, derivableFromNotice } from '../../domain/case/referral-notices';
import { decideCaseAction, markMonitoringOverdue } from '../../domain/case/steps';
import { casePolicy } from '../../domain/case/assessment-request';
import { fireTimer, overdueAtLegalLimit, pendingTimers } from '../../domain/case/case-timers';
import { ERR_INVALID_INPUT } from '../../domain/failures';
import { CASE_EVENT_TYPES, REFERRAL_STATUS_CHANGED_TYPE } from '../../domain/vocabulary';
import { nextMonitoringDue } from '../../domain/monitoring';
import { DEFAULT_POLICY } from '../../domain/policy-defaults';
import { calendar, events } from '../activity-proxies';
import { amendReferralSignal, cancelReferralSignal, resolveEscalationSignal } from '../referral/referral.messages';
import { referralWorkflow } from '../referral/referral.workflow';
import { referralStatusChangedSignal } from './case-notifications';
import { CASE_UPDATES, caseVersions, referralInputFor, type InputSchema } from './case-actions';
import { caseListingChangedEvent, caseStepEvent, isCaseEvent } from './case-events';
import { caseSearchAttributes, IDENTITY_ATTRIBUTES, searchAttributeChanges, type UpsertedSearchAttributes } from './case-search-attributes';
import { caseListingFacts } from '../../domain/listing/case-listing';
import * as M from './case.messages';
import { CURRENT_CASE_PATCH, DEC3_NIGHT_CASE_PATCH, PREVIOUS_CASE_PATCH } from '../patches';

/** History length after which a case continues as new (Temporal also suggests it on size). */
export const DEFAULT_HISTORY_LIMIT = 4000;

/**
 * How long a closed case waits for its referrals to confirm they stopped. They confirm within seconds unless
 * Kafka is down (their cancellation event must be published first); past this the case ends with what it saw.
 */
const REFERRAL_SETTLE_TIMEOUT = '7 days';

const { caseState: stateSink } = proxySinks<M.CaseStateSinks>();

const failure = (r: Refusal) => ApplicationFailure.nonRetryable(r.message, r.type, ...(r.code ? [r.code] : []));

export async function caseWorkflow(input: M.CaseWorkflowInput): Promise<CaseState> {
  const { intake } = input;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const caseId = workflowInfo().workflowId;
  const now = () => new Date().toISOString();
  const isNewCase = !input.state;
  // Versioned behaviours are decided once, in the first activation: a patch asked later (after a local activity
  // resolves, say) can fall into another workflow task on replay than it did when it ran, and replay would diverge.
  // A case started from this version on asks one patch for all of them (workflows/patches.ts says why).
  const current = patched(CURRENT_CASE_PATCH);
  // Runs of the patch before take every behaviour below but keeping the lists through the listing projection.
  const sinceDec3Night = current || patched(DEC3_NIGHT_CASE_PATCH);
  // Runs of the one before that take every behaviour below but starting a plan's referrals together too.
  const sinceDec3 = sinceDec3Night || patched(PREVIOUS_CASE_PATCH);
  const eventsFirst = sinceDec3 || patched('case-events-before-referral-commands');
  const flags = caseVersions(sinceDec3 || patched('closed-case-awaits-referrals'), sinceDec3 || patched('law-duties-2026-12'), sinceDec3);
  // Runs before it upserted every attribute on every refresh; replay keeps that for their histories.
  const upsertOnlyChanges = sinceDec3 || patched('case-upserts-changed-search-attributes');
  // A plan's referrals start in one workflow task, not one task each (docs/performance.md, 2026-12-03 night).
  const referralsStartTogether = sinceDec3Night;
  // The lists read each case event's listing (domain/listing/case-listing.ts), not search attributes kept current
  // by upserts: Temporal's visibility keeps only what the case is (docs/performance.md, 2026-12-04 morning).
  const listsFromEvents = current;
  // Without a policy in the input, the district's replaces the default below: handlers must be registered before
  // the first await.
  let state: CaseState =
    input.state ?? withCaseworkerAtIntake(openedCaseState(caseId, intake, input.policy ?? DEFAULT_POLICY, now()), intake, { flags });
  const outbox: PublishEventInput[] = [];
  const commands: CaseCommand[] = [];
  /** Referrals the closure stopped, whose confirmation the case awaits before it completes. */
  const awaitingCancellation = new Set<string>();
  let monitoringOverdueAt: string | undefined = input.monitoringOverdueAt;
  let monitoringNeedsScheduling = false;

  // Validators decide refusals with the run's own flags; `patched()` itself is asked by handlers only.
  // (Not a spread of `flags`: that would ask the lazy referral-id patch here.)
  const validationFlags: StepContext['flags'] = {
    referralIdNamesCaseOpening: true,
    closedCaseRecordsCancellations: flags.closedCaseRecordsCancellations,
    lawDuties: flags.lawDuties,
  };

  // The API's read model gets the state each time it changed (M.CaseStateSinks), at most once per point in history.
  let published: CaseState | undefined;
  let lastChange: string = CASE_EVENT_TYPES.opened;
  const publishState = (changeType = lastChange) => {
    lastChange = changeType;
    if (state === published) return;
    published = state;
    const opened = state.timeline[0]?.at ?? state.openedAt;
    stateSink.changed({ version: { opened, run: state.run, historyLength: workflowInfo().historyLength }, changeType, state });
  };

  let upserted: UpsertedSearchAttributes = new Map();
  const refreshSearchAttributes = () => {
    const all = caseSearchAttributes(state, monitoringOverdueAt);
    const pairs = listsFromEvents ? all.filter((p) => IDENTITY_ATTRIBUTES.has(p.key.name)) : all;
    if (!upsertOnlyChanges) return upsertSearchAttributes(pairs);
    const next = searchAttributeChanges(pairs, upserted);
    upserted = next.upserted;
    if (next.changed.length > 0) upsertSearchAttributes(next.changed);
  };

  // A new case's first entry is 'opened', even when an update arrives in the same workflow task as the start.
  let openedPending = isNewCase;
  /** Puts each event on the timeline and in the outbox; returns the last one's seq. */
  const record = (stepEvents: StepEvent[]): number => {
    if (openedPending) {
      openedPending = false;
      const { applicantType, exOfficioGround } = intake.application;
      const urgent = state.priority === 'urgent' ? { urgent: true } : {};
      record([
        stepEvent('opened', intake.actor, 'awaitingConsent', { applicantType, ...(exOfficioGround ? { exOfficioGround } : {}), ...urgent }),
      ]);
    }
    for (const e of stepEvents) {
      const seq = state.timeline.length + 1;
      const at = now();
      state = { ...state, timeline: [...state.timeline, { seq, at, actor: e.actor, action: e.kind, details: e.details }] };
      outbox.push(caseStepEvent(state, { ...e, seq, at }));
      refreshSearchAttributes();
    }
    return state.timeline.length;
  };

  const apply = (o: StepOutcome): number => {
    state = o.state;
    commands.push(...o.commands);
    if (o.monitoring === 'reschedule') monitoringNeedsScheduling = true;
    if (o.monitoring === 'stop') monitoringOverdueAt = undefined;
    for (const id of o.awaitCancellation ?? []) awaitingCancellation.add(id);
    return record(o.events);
  };

  /** The input's shape, then the step's own rules: a refusal throws, nothing changes. */
  const decide = (action: CaseAction, schema: InputSchema, raw: unknown, ctx: StepContext) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error!.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      throw ApplicationFailure.nonRetryable(`invalid ${action}: ${detail}`, ERR_INVALID_INPUT);
    }
    const result = decideCaseAction(action, state, parsed.data as { actor: Actor }, ctx);
    if ('refused' in result) throw failure(result);
    return result;
  };

  /** The caller's scope against the case's area (domain/access.ts), checked first by every update's validator. */
  const refuseOutOfScope = (scope: unknown) => {
    const refusal = caseScopeRefusal(scope, caseId, state);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.type);
  };

  setHandler(M.caseStateQuery, () => state);
  for (const [update, action, schema] of CASE_UPDATES) {
    setHandler(
      update,
      (raw) => {
        const result = decide(action, schema, raw, { now: now(), flags });
        const seq = apply(result);
        return { ...result.reply, status: state.status, seq };
      },
      {
        // The caller's scope first (required: domain/access.ts), read by the validator only, so updates recorded
        // before it was required replay through the handler unchanged.
        validator: (raw, scope) => {
          refuseOutOfScope(scope);
          decide(action, schema, raw, { now: now(), flags: validationFlags });
        },
      },
    );
  }

  // record([]) puts the `opened` entry first if this update runs before the case's own work does.
  setHandler(M.caseOpenedUpdate, () => ({ status: state.status, seq: record([]) }), { validator: refuseOutOfScope });

  setHandler(referralStatusChangedSignal, (s) => {
    const before = state;
    const o = applyReferralNotice(before, s, awaitingCancellation);
    if (!o) return; // out of date or duplicate
    if (o.confirmed) awaitingCancellation.delete(s.referralId);
    state = o.state;
    if (o.events.length > 0) record(o.events);
    refreshSearchAttributes();
    // The read model applied this notice to the state handed over last, as here (M.CaseStateSinks): not sent again.
    // A model that missed either lets the case go on the referral's event (api/case-event-feed.ts).
    if (before === published && derivableFromNotice(before, o)) published = state;
    else publishState(REFERRAL_STATUS_CHANGED_TYPE);
  });

  // ---- the case's own work ----
  if (isNewCase) {
    record([]);
    if (!input.policy) {
      const policy = await calendar.resolveDistrictPolicy(intake.districtCode);
      state = { ...state, policy };
    }
  } else {
    refreshSearchAttributes();
    publishState();
  }

  const startReferral = async (referralId: string, line: ServiceLine, urgent: boolean) => {
    // Abandoned on close: a referral outlives this run (continue-as-new) and ends on its own signals.
    await startChild(referralWorkflow, {
      workflowId: referralId,
      args: [referralInputFor(state, referralId, line, urgent, flags.lawDuties)],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  };
  const signalReferral = async (referralId: string, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>) => {
    try {
      await send(getExternalWorkflowHandle(referralId));
    } catch {
      // The referral has already finished: nothing left to tell it.
    }
  };
  /** Sends the first `count` queued commands (all by default); consecutive starts go out together. */
  const runCommands = async (count = Infinity) => {
    for (let sent = 0; sent < count && commands.length > 0; sent++) {
      const c = commands.shift()!;
      if (c.kind === 'start' && referralsStartTogether) {
        const starts = [c];
        while (sent + starts.length < count && commands[0]?.kind === 'start') starts.push(commands.shift() as typeof c);
        sent += starts.length - 1;
        await Promise.all(starts.map((s) => startReferral(s.referralId, s.line, s.urgent)));
      } else if (c.kind === 'start') await startReferral(c.referralId, c.line, c.urgent);
      else if (c.kind === 'cancel') await signalReferral(c.referralId, (h) => h.signal(cancelReferralSignal, c.input));
      else if (c.kind === 'amend')
        await signalReferral(c.referralId, (h) =>
          h.signal(amendReferralSignal, { actor: c.actor, quantity: c.line.quantity, period: c.line.period }),
        );
      else await signalReferral(c.referralId, (h) => h.signal(resolveEscalationSignal, c.resolution));
    }
  };
  /** Publishes the queued events; the read model gets the state first (a read after the events shows them). */
  const flush = async () => {
    if (outbox.length === 0) return;
    const batch = withListing(outbox.splice(0, outbox.length));
    publishState([...batch].reverse().find((e) => e.destination.stream === 'caseEvents')?.type);
    await events.publishEvents(batch);
  };
  /**
   * The case's events with what the lists show of it now (listing/); what was last sent, to send a change alone. A
   * continued run starts from what its run before sent last (it sent any change before continuing, below).
   */
  let listed: string | undefined = isNewCase ? undefined : JSON.stringify(caseListingFacts(state, monitoringOverdueAt));
  const withListing = (batch: PublishEventInput[]): PublishEventInput[] => {
    const listing = caseListingFacts(state, monitoringOverdueAt);
    listed = JSON.stringify(listing);
    return batch.map((e) => (isCaseEvent(e, caseId) ? { ...e, data: { ...(e.data as object), listing } } : e));
  };
  /** Whether the listing changed after the case's last publish with no step queued to carry it (runs of the patch). */
  const listingChangedAlone = () =>
    listsFromEvents &&
    outbox.length === 0 &&
    listed !== undefined &&
    JSON.stringify(caseListingFacts(state, monitoringOverdueAt)) !== listed;
  /**
   * Queues such a change as an event of its own. A referral's notice can change the listing with no step (a stale
   * notice resolving an escalation): the main loop wakes for it (`hasWork`), and a drain sends it before the run
   * continues or ends.
   */
  const queueListingIfChanged = (): boolean => {
    if (!listingChangedAlone()) return false;
    outbox.push(
      caseListingChangedEvent(state, caseListingFacts(state, monitoringOverdueAt), {
        at: now(),
        historyLength: workflowInfo().historyLength,
      }),
    );
    return true;
  };
  const publishListingIfChanged = async () => {
    if (queueListingIfChanged()) await flush();
  };
  /** The next check's due date (set before anything awaits, so a read right after a visit shows it) and its overdue timer. */
  const scheduleMonitoringIfNeeded = async () => {
    if (!monitoringNeedsScheduling) return;
    monitoringNeedsScheduling = false;
    if (!state.firstPlanApprovedAt || state.status === 'closed') return;
    const last = state.monitoring.visits.at(-1);
    const due = nextMonitoringDue({ firstPlanApprovedAt: state.firstPlanApprovedAt, lastMonitoredAt: last?.at, policy: state.policy });
    state = { ...state, monitoring: { ...state.monitoring, nextDue: due } };
    if (flags.lawDuties) {
      // Rule Art. 10: the due date is the last day allowed; the check is overdue when it ends, with no grace.
      monitoringOverdueAt = overdueAtLegalLimit(due);
      refreshSearchAttributes();
      return;
    }
    const { overdueGraceBusinessDays, extraHolidays } = state.policy;
    monitoringOverdueAt = await calendar.businessDeadline({
      from: `${due}T12:00:00+09:00`,
      businessDays: overdueGraceBusinessDays,
      extraHolidays,
    });
    refreshSearchAttributes();
  };
  /** An assessment request that went out gets its business-day deadline from the district's calendar (Decree Art. 5). */
  const needsAssessmentDeadline = () =>
    flags.lawDuties && state.assessmentRequest?.status === 'requested' && !state.assessmentRequest.respondBy;
  const scheduleAssessmentIfNeeded = async () => {
    if (!needsAssessmentDeadline()) return;
    const request = state.assessmentRequest!;
    const { assessmentBusinessDays, extraHolidays } = casePolicy(state);
    const respondBy = await calendar.businessDeadline({ from: request.requestedAt, businessDays: assessmentBusinessDays, extraHolidays });
    // Only if the same request is still the one out (a narrowed consent may have held it meanwhile).
    if (state.assessmentRequest?.requestId === request.requestId && state.assessmentRequest.status === 'requested')
      state = { ...state, assessmentRequest: { ...state.assessmentRequest, respondBy } };
    refreshSearchAttributes();
  };
  /** Publishes and sends what is queued. Causal order on the case-events topic: the case's own events go before the
   * referral work they cause starts (a referral's `requested` after `conference-decided`, its `cancelled` after `closed`). */
  const work = async () => {
    if (eventsFirst) {
      await scheduleMonitoringIfNeeded();
      await scheduleAssessmentIfNeeded();
      await eventsThenCommands();
    } else {
      await runCommands();
      await scheduleMonitoringIfNeeded();
    }
    await flush();
  };
  /** Only commands whose cause is published go out; one queued while publishing waits for its own events. */
  const eventsThenCommands = async () => {
    const caused = commands.length;
    await flush();
    await runCommands(caused);
  };
  /** Finishes every queued command and event, including those queued by handlers while it awaits. */
  const drain = async () => {
    for (;;) {
      await condition(allHandlersFinished);
      if (commands.length === 0 && outbox.length === 0 && !queueListingIfChanged()) return;
      if (eventsFirst) await eventsThenCommands();
      else await runCommands().then(flush);
    }
  };

  const hasWork = () =>
    outbox.length > 0 ||
    commands.length > 0 ||
    monitoringNeedsScheduling ||
    needsAssessmentDeadline() ||
    state.status === 'closed' ||
    listingChangedAlone();
  while (state.status !== 'closed') {
    // The case's own clock (domain/case/case-timers.ts): it sleeps until the earliest pending timer or new work.
    const next = pendingTimers(state, monitoringOverdueAt, flags)[0];
    const woke =
      next === undefined ? (await condition(hasWork), true) : await condition(hasWork, Math.max(Date.parse(next.at) - Date.now(), 1));
    if (!woke && !flags.lawDuties) {
      if (monitoringOverdueAt && !state.monitoring.overdue) apply(markMonitoringOverdue(state, { now: now(), flags }));
    } else if (!woke) {
      for (const t of pendingTimers(state, monitoringOverdueAt, flags)) {
        if (Date.parse(t.at) > Date.now()) break;
        apply(fireTimer(state, t.kind, { now: now(), flags }));
      }
    }
    await work();
    await publishListingIfChanged();
    publishState();
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit) {
      await drain();
      state = { ...state, run: state.run + 1 };
      // No await between the drain and this call: an update accepted meanwhile would be lost with the run.
      await continueAsNew<typeof caseWorkflow>({ intake, state, historyLimit, monitoringOverdueAt });
    }
  }
  await drain();
  if (flags.closedCaseRecordsCancellations) {
    // A closed case shows every referral's final state: it waits until each one it stopped has confirmed.
    await condition(() => awaitingCancellation.size === 0, REFERRAL_SETTLE_TIMEOUT);
    refreshSearchAttributes();
    await drain();
  }
  publishState();
  return state;
}
