/**
 * One referral (one service line of an approved plan): choose a provider, send the request on the service's
 * domain topic, wait for the decision until the deadline; on decline or timeout try the next provider; when
 * the district's limit is reached, escalate to the supervisor. After acceptance, follow the provision
 * (started, changed, on hold, completed, failed) until it ends or the caseworker cancels.
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
  patched,
  proxySinks,
  uuid4,
} from '@temporalio/workflow';
import type { PublishEventInput } from '../../activities/publish-event';
import { reportScopeRefusal } from '../../domain/access';
import { ERR_INVALID_INPUT } from '../../domain/failures';
import { decideProviderReport, providerReportLimitRefusal } from '../../domain/referral/provider-report';
import type { CancelReferralInput, EscalationResolution } from '../../domain/case/case-step';
import type { ReferralStatusChanged } from '../../domain/case/referral-notices';
import type { TaskStatus } from '../../domain/codes';
import { isOpenTaskStatus } from '../../domain/referral/referral-lifecycle';
import { calendar, events, providerLookup, providers } from '../activity-proxies';
import { SYSTEM_ACTOR, type Actor } from '../../domain/actor';
import { referralStatusChangedSignal, type ReferralNoticeSinks } from '../case/case-notifications';
import { SA } from '../search-attributes';
import { CURRENT_REFERRAL_PATCH, DEC3_NIGHT_REFERRAL_PATCH, PREVIOUS_REFERRAL_PATCH } from '../patches';
import { providerNoticeEvent, referralPseudonym, referralRequestEvent, statusChangedEvent } from './referral-events';
import {
  amendReferralSignal,
  cancelReferralSignal,
  ProviderReportInput,
  providerReportUpdate,
  referralStateQuery,
  resolveEscalationSignal,
  type ReferralInput,
  type ReferralState,
} from './referral.messages';

const { referralNotice } = proxySinks<ReferralNoticeSinks>();

export function initialReferralState(input: ReferralInput): ReferralState {
  return {
    referralId: input.referralId,
    caseId: input.caseId,
    lineId: input.lineId,
    serviceCode: input.serviceCode,
    domain: input.domain,
    status: 'draft',
    attempts: [],
    escalated: false,
    urgent: input.urgent,
    quantity: input.quantity,
    period: input.period,
    appliedEventIds: [],
    timeline: [],
  };
}

export async function referralWorkflow(input: ReferralInput): Promise<ReferralState> {
  const state = input.state ?? initialReferralState(input);
  // Decided in the first activation of a referral's first run (workflows/case/case.workflow.ts explains why), so a
  // referral started before the patch keeps the case's pseudonym through continue-as-new.
  // A referral started from this version on asks one patch for the behaviours below (workflows/patches.ts).
  const current = patched(CURRENT_REFERRAL_PATCH);
  // Runs of the patch before take every behaviour below but keeping the lists through the listing projection.
  const sinceDec3Night = current || patched(DEC3_NIGHT_REFERRAL_PATCH);
  // Runs of the one before that take every behaviour below but the local provider lookup too.
  const sinceDec3 = sinceDec3Night || patched(PREVIOUS_REFERRAL_PATCH);
  // The provider lists read the status events (their `respondBy` and `seq`: listing/), not search attributes each
  // step upserts (docs/performance.md, 2026-12-04 morning).
  const listsFromEvents = current;
  if (!input.state && (sinceDec3 || patched('referral-pseudonym-per-referral'))) state.referralPseudonym = referralPseudonym(uuid4());
  // The decision deadline reads the district's policy when it is computed (a temporary holiday declared later
  // applies; an urgent referral gets the urgent window), not the copy frozen in the input. Decided once per run.
  const deadlineFromDistrictPolicy = sinceDec3 || patched('referral-deadline-from-district-policy');
  // The case hears of a step before its events are published, so whoever reacts to an event (the console's live
  // update, an API client's event stream) reads the case with the step in it. A cancellation keeps the old order:
  // a closing case takes the notice as proof its provider was told (workflows/case/case.workflow.ts).
  const caseHearsFirst = sinceDec3 || patched('referral-case-notified-before-events');
  // The directory lookup runs inside the workflow task that asks it (docs/performance.md, 2026-12-03 night).
  const lookup = sinceDec3Night ? providerLookup : providers;
  const outbox: PublishEventInput[] = [];
  let cancelRequest: CancelReferralInput | undefined;
  let resolution: EscalationResolution | undefined;

  const now = () => new Date().toISOString();

  /** Records a step: timeline entry, events for the outbox, and a notice to the case. */
  const record = (actor: Actor, action: string, details: Record<string, unknown> = {}) => {
    const seq = state.timeline.length + 1;
    const at = now();
    state.timeline.push({ seq, at, actor, action, details });
    const ctx = { state, seq, at, actor };
    outbox.push(statusChangedEvent(ctx, action, details));
    if (!listsFromEvents)
      upsertSearchAttributes([
        { key: SA.referralStatus, value: state.status },
        // Cleared when no provider holds the referral (expired, escalated), so it leaves that provider's lists.
        { key: SA.providerId, value: state.providerId ?? null },
        { key: SA.escalationOpen, value: state.escalated },
        { key: SA.nextDeadline, value: state.respondBy ? new Date(state.respondBy) : null },
      ]);
    return ctx;
  };

  const publishOutbox = async () => {
    while (outbox.length > 0) await events.publishEvents(outbox.splice(0, outbox.length));
  };
  const notifyLatest = async () => {
    const last = state.timeline[state.timeline.length - 1];
    await notifyCase(state, last?.seq ?? 0, last?.at ?? now());
    return last?.seq ?? 0;
  };
  const flush = async () => {
    if (outbox.length === 0) return;
    if (!caseHearsFirst || state.status === 'cancelled') {
      await publishOutbox();
      await notifyLatest();
      return;
    }
    // Each round publishes only the steps its notice told the case of (taken in the same tick); a step recorded
    // while the notice or the publish is awaited (a provider's report, say) waits for the next round's notice.
    let notified = -1;
    while (outbox.length > 0 || (state.timeline[state.timeline.length - 1]?.seq ?? 0) > notified) {
      const told = outbox.splice(0, outbox.length);
      notified = await notifyLatest();
      if (told.length > 0) await events.publishEvents(told);
    }
  };

  setHandler(referralStateQuery, () => state);
  setHandler(cancelReferralSignal, (c) => {
    cancelRequest ??= c;
  });
  setHandler(resolveEscalationSignal, (r) => {
    if (state.escalated) resolution = r;
  });
  setHandler(amendReferralSignal, ({ actor, quantity, period }) => {
    if (!isOpenTaskStatus(state.status)) return;
    state.quantity = quantity;
    state.period = period;
    const ctx = record(actor, 'amended', { quantity, period });
    if (state.providerId) outbox.push(providerNoticeEvent(ctx, 'amended', state.providerId, { quantity, period }));
  });

  /** The report's fate (domain/referral/provider-report.ts): the validator refuses, the handler applies. */
  const decideReport = (report: ProviderReportInput) => {
    const decision = decideProviderReport(state, report);
    if (decision.refused) throw ApplicationFailure.nonRetryable(decision.message, decision.type);
    return decision;
  };
  setHandler(
    providerReportUpdate,
    (report) => {
      const decision = decideReport(report);
      if (decision.duplicate) return { applied: false, duplicate: true, status: state.status };
      state.status = decision.next;
      state.appliedEventIds.push(report.eventId);
      const current = state.attempts[state.attempts.length - 1];
      if (current && (report.report === 'accepted' || report.report === 'rejected')) {
        current.outcome = report.report;
        current.at = report.occurredAt;
        if (report.declineReason) current.declineReason = report.declineReason;
      }
      // Accepted: no decision is awaited any more, so no decision deadline is shown or listed.
      if (decision.next === 'accepted') state.respondBy = undefined;
      if (report.change?.quantity) state.quantity = report.change.quantity;
      if (report.change?.period) state.period = report.change.period;
      record({ role: 'provider', id: report.providerId }, `provider.${report.report}`, {
        eventId: report.eventId,
        ...(report.declineReason ? { declineReason: report.declineReason } : {}),
        ...(report.change ? { change: report.change } : {}),
      });
      return { applied: true, status: state.status };
    },
    {
      validator: (raw, scope) => {
        const parsed = ProviderReportInput.safeParse(raw);
        if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid provider report: ${parsed.error.message}`, ERR_INVALID_INPUT);
        const refusal = reportScopeRefusal(scope, state.referralId, parsed.data.providerId);
        if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.type);
        // The bound on reports is the validator's alone (domain/referral/provider-report.ts): the handler takes
        // what it is given, so referrals that took more reports before the bound replay.
        if (decideReport(parsed.data).duplicate) return;
        const limit = providerReportLimitRefusal(state, parsed.data);
        if (limit) throw ApplicationFailure.nonRetryable(limit.message, limit.type);
      },
    },
  );

  upsertSearchAttributes([
    { key: SA.kind, value: 'referral' },
    { key: SA.caseId, value: state.caseId },
    { key: SA.serviceCode, value: state.serviceCode },
    { key: SA.careDomain, value: state.domain },
    { key: SA.district, value: input.districtCode },
    { key: SA.dong, value: input.dongCode },
  ]);

  const cancel = async () => {
    const c = cancelRequest!;
    const previousProvider = state.providerId;
    const last = state.attempts[state.attempts.length - 1];
    if (last && !last.outcome) last.outcome = 'cancelled';
    state.status = 'cancelled';
    state.escalated = false;
    const ctx = record(c.actor, 'cancelled', { reason: c.reason });
    if (previousProvider) outbox.push(providerNoticeEvent(ctx, 'cancelled', previousProvider, { reason: c.reason }));
    await flush();
  };

  // Phase 1: find a provider who accepts.
  let nextProvider: string | undefined = state.attempts.length === 0 ? input.preferredProviderId : undefined;
  let roundStart = 0; // attempts before this index belong to earlier rounds (before a supervisor's retry)
  while (state.status === 'draft' || state.status === 'requested' || state.status === 'received' || state.status === 'rejected') {
    if (cancelRequest) return await finish(cancel);
    const triedThisRound = state.attempts.length - roundStart;
    let providerId = nextProvider;
    nextProvider = undefined;
    if (!providerId && triedThisRound < input.policy.maxProvidersBeforeEscalation) {
      const exclude = state.attempts.slice(roundStart).map((a) => a.providerId);
      const candidates = await lookup.findProviders({ serviceCode: state.serviceCode, dongCode: input.dongCode, exclude, limit: 1 });
      providerId = candidates[0]?.providerId;
    }
    if (!providerId) {
      // Every provider the policy allows was tried: escalate to the district supervisor and wait.
      state.escalated = true;
      state.providerId = undefined;
      state.respondBy = undefined;
      state.status = 'requested';
      record(SYSTEM_ACTOR, 'escalated', { tried: state.attempts.slice(roundStart).map((a) => a.providerId) });
      await flush();
      await condition(() => resolution !== undefined || cancelRequest !== undefined);
      if (cancelRequest) return await finish(cancel);
      const r = resolution!;
      resolution = undefined;
      state.escalated = false;
      if (r.resolution === 'cancel') {
        cancelRequest = { actor: r.actor, reason: 'caseworkerCancelled' };
        return await finish(cancel);
      }
      roundStart = state.attempts.length;
      if (r.resolution === 'assignProvider') nextProvider = r.providerId;
      record(r.actor, 'escalationResolved', { resolution: r.resolution, ...(r.providerId ? { providerId: r.providerId } : {}) });
      continue;
    }
    const requestedAt = now();
    const respondBy = deadlineFromDistrictPolicy
      ? await calendar.decisionDeadline({ from: requestedAt, districtCode: input.districtCode, urgent: input.urgent })
      : await calendar.businessDeadline({
          from: requestedAt,
          businessDays: input.policy.providerDecisionBusinessDays,
          extraHolidays: input.policy.extraHolidays,
        });
    const attempt = state.attempts.length + 1;
    state.attempts.push({ attempt, providerId, requestedAt, respondBy });
    state.providerId = providerId;
    state.respondBy = respondBy;
    state.status = 'requested';
    const ctx = record(SYSTEM_ACTOR, 'requested', { attempt, providerId, respondBy });
    outbox.push(
      referralRequestEvent(ctx, {
        attempt,
        providerId,
        respondBy,
        districtCode: input.districtCode,
        dongCode: input.dongCode,
        recipientPseudoId: state.referralPseudonym ?? input.recipientPseudoId,
        ...(input.method ? { method: input.method } : {}),
      }),
    );
    await flush();
    const decided = await condition(
      () => state.status === 'accepted' || state.status === 'rejected' || cancelRequest !== undefined,
      Math.max(0, Date.parse(respondBy) - Date.now()),
    );
    const stillWaiting = state.status === 'requested' || state.status === 'received';
    if (!decided && !cancelRequest && stillWaiting) {
      // Expire at once, before any await: from here a late answer from this provider is refused as coming
      // from a provider the referral is no longer assigned to, never applied and then overwritten.
      const current = state.attempts[state.attempts.length - 1]!;
      current.outcome = 'expired';
      current.at = now();
      state.providerId = undefined;
      state.respondBy = undefined;
      const expiredCtx = record(SYSTEM_ACTOR, 'expired', { attempt, providerId });
      outbox.push(providerNoticeEvent(expiredCtx, 'expired', providerId, { attempt }));
    }
    await flush();
    if (cancelRequest) return await finish(cancel);
    // Accepted, or already further along (a 'started' can arrive while the events above are published).
    if (!['requested', 'received', 'rejected'].includes(state.status)) break;
    state.status = 'requested';
    await continueAsNewIfSuggested();
  }

  // Phase 2: provision, until it ends or the caseworker cancels.
  state.respondBy = undefined;
  while (isOpenTaskStatus(state.status)) {
    await condition(() => outbox.length > 0 || cancelRequest !== undefined || !isOpenTaskStatus(state.status));
    if (cancelRequest && isOpenTaskStatus(state.status)) return await finish(cancel);
    await flush();
    await continueAsNewIfSuggested();
  }
  await flush();
  return await finish(async () => undefined);

  async function finish(last: () => Promise<void>): Promise<ReferralState> {
    await last();
    for (;;) {
      await condition(allHandlersFinished);
      if (outbox.length === 0) return state;
      await flush();
    }
  }

  /** Long provisions continue as new before their history grows large; the state travels along. */
  async function continueAsNewIfSuggested(): Promise<void> {
    if (!workflowInfo().continueAsNewSuggested) return;
    for (;;) {
      await condition(allHandlersFinished);
      if (outbox.length === 0) break;
      await flush();
    }
    await continueAsNew<typeof referralWorkflow>({ ...input, state });
  }
}

/** Tells the case; if the case has closed meanwhile there is no one to tell, and that is fine. */
async function notifyCase(state: ReferralState, seq: number, at: string): Promise<void> {
  const notice: ReferralStatusChanged = {
    referralId: state.referralId,
    lineId: state.lineId,
    status: state.status as TaskStatus,
    providerId: state.providerId,
    escalated: state.escalated,
    respondBy: state.respondBy,
    // The latest decline, also while the next provider is asked: the caseworker sees why it moved on.
    declineReason: [...state.attempts].reverse().find((a) => a.declineReason)?.declineReason,
    attempt: state.attempts[state.attempts.length - 1]?.attempt,
    at,
    seq,
  };
  referralNotice.sent(state.caseId, notice);
  try {
    await getExternalWorkflowHandle(state.caseId).signal(referralStatusChangedSignal, notice);
  } catch {
    // The case run has closed (for instance after consent withdrawal); the referral's own state is final.
  }
}
