/**
 * Referrals on the time-skipping server: a decline, a timeout, an escalation and the supervisor's answer;
 * acceptance and provision; consent withdrawal in the middle of a referral; duplicate provider reports.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ERR_REFERRAL_CLOSED, ERR_WRONG_PROVIDER } from '../../domain/failures';
import {
  approvePlan,
  bringToPlanning,
  caseworker,
  createCaseBench,
  eventually,
  line,
  startCase,
  supervisor,
  type CaseBench,
  TEST_SCOPE,
} from '../../test/harness/case-env';
import { recordHistory } from '../../test/harness/histories';
import { caseStateQuery, resolveEscalationUpdate, withdrawConsentUpdate } from '../case/case.messages';
import { providerReportUpdate, referralStateQuery } from './referral.messages';
import type { referralWorkflow } from './referral.workflow';

const at = () => new Date().toISOString();

/** Where in a referral's history the case is told and where its events are published, after the first update. */
async function noticeAndPublishOrder(referral: WorkflowHandle) {
  const events = (await referral.fetchHistory()).events ?? [];
  const firstUpdate = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  const after = (from: number, test: (e: (typeof events)[number]) => boolean) => events.findIndex((e, i) => i > from && test(e));
  const lastOf = (test: (e: (typeof events)[number]) => boolean) => {
    const fromEnd = [...events].reverse().findIndex(test);
    return fromEnd < 0 ? -1 : events.length - 1 - fromEnd;
  };
  const isNotice = (e: (typeof events)[number]) => Boolean(e.signalExternalWorkflowExecutionInitiatedEventAttributes);
  const isPublish = (e: (typeof events)[number]) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishEvents';
  return {
    afterUpdate: { notice: after(firstUpdate, isNotice), publish: after(firstUpdate, isPublish) },
    last: { notice: lastOf(isNotice), publish: lastOf(isPublish) },
  };
}

describe('referral workflow', () => {
  let bench: CaseBench;
  beforeAll(async () => {
    // Two providers per round before escalation, to keep the scenario short.
    bench = await createCaseBench('referral', { '*': { maxProvidersBeforeEscalation: 2 } });
  });
  afterAll(async () => {
    await bench?.close();
  });

  async function activeCaseWithOneReferral(serviceCode = 'LTC-02') {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', serviceCode)]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    const referralId = Object.keys(state.referrals)[0]!;
    return { handle, referral: bench.env.client.workflow.getHandle<typeof referralWorkflow>(referralId), referralId };
  }

  it("starts a plan's referrals in one workflow task, and each sends its request in its first task", async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'MED-03'), line('L2', 'LTC-02'), line('L3', 'HOU-02')]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).filter((r) => r.status === 'requested').length === 3,
    );
    // Which workflow task (its number in the history) each event was recorded in.
    const taskOf = (events: { workflowTaskCompletedEventAttributes?: unknown }[]) => {
      let task = 0;
      return events.map((e) => (e.workflowTaskCompletedEventAttributes ? ++task : task));
    };
    // The case: one workflow task starts the three referrals (workflows/case/case.workflow.ts runCommands).
    const caseEvents = (await handle.fetchHistory()).events ?? [];
    const caseTasks = taskOf(caseEvents);
    const startedIn = caseEvents.flatMap((e, i) => (e.startChildWorkflowExecutionInitiatedEventAttributes ? [caseTasks[i]] : []));
    expect(startedIn).toHaveLength(3);
    expect(new Set(startedIn).size).toBe(1);
    // Each referral: the provider lookup is a local activity, and the case hears of the request in the first task.
    for (const referralId of Object.keys(state.referrals)) {
      const events = (await bench.env.client.workflow.getHandle(referralId).fetchHistory()).events ?? [];
      const scheduled = events.flatMap((e) =>
        e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
      );
      expect(scheduled).not.toContain('findProviders');
      const firstNotice = events.findIndex((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes);
      expect(taskOf(events)[firstNotice]).toBe(1);
    }
  });

  it('tries the next provider after a decline and after a timeout, then escalates to the supervisor', async () => {
    const { handle, referral, referralId } = await activeCaseWithOneReferral();
    const first = await referral.query(referralStateQuery);
    const declined = await referral.executeUpdate(providerReportUpdate, {
      args: [
        { eventId: 'e-decline-1', providerId: first.providerId!, report: 'rejected', declineReason: 'atCapacity', occurredAt: at() },
        TEST_SCOPE,
      ],
    });
    expect(declined).toEqual({ applied: true, status: 'rejected' });

    const second = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.attempts.length === 2 && s.status === 'requested',
    );
    expect(second.providerId).not.toBe(first.providerId);
    expect(second.attempts[0]).toMatchObject({ outcome: 'rejected', declineReason: 'atCapacity' });

    // The second provider never answers: after the deadline (3 business days) the attempt expires.
    await bench.env.sleep('8 days');
    const escalated = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.escalated,
    );
    expect(escalated.attempts[1]!.outcome).toBe('expired');

    const caseState = await eventually(
      () => handle.query(caseStateQuery),
      (s) => s.escalations.some((e) => !e.resolvedAt),
    );
    const escalation = caseState.escalations.find((e) => e.referralId === referralId)!;
    expect(escalation.kind).toBe('referralExhausted');

    // The supervisor assigns a provider by hand; the referral goes to it and it accepts.
    const chosen = 'prv-11110-hc-01';
    await handle.executeUpdate(resolveEscalationUpdate, {
      args: [{ actor: supervisor, escalationId: escalation.id, resolution: 'assignProvider', providerId: chosen }, TEST_SCOPE],
    });
    const third = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.attempts.length === 3 && s.status === 'requested',
    );
    expect(third.providerId).toBe(chosen);
    await referral.executeUpdate(providerReportUpdate, {
      args: [{ eventId: 'e-accept-3', providerId: chosen, report: 'accepted', occurredAt: at() }, TEST_SCOPE],
    });
    const accepted = await eventually(
      () => handle.query(caseStateQuery),
      (s) => s.referrals[referralId]!.status === 'accepted',
    );
    expect(accepted.escalations.find((e) => e.id === escalation.id)!.resolvedAt).toBeDefined();

    // Each request, and the expiry, went to the providers on the long-term-care topic only.
    const typesOf = (ms: { value: Buffer | string | null }[]) =>
      ms
        .map((m) => JSON.parse(m.value!.toString()))
        .filter((e) => e.subject === referralId)
        .map((e) => `${e.type}:${e.data.providerId}`);
    const seen = await eventually(
      async () => bench.published.sent(bench.published.topics.referralRequests('longTermCare')),
      (ms) => typesOf(ms).length >= 4,
    );
    expect(typesOf(seen)).toEqual([
      `kr.dolbom.referral.requested.v1:${first.providerId}`,
      `kr.dolbom.referral.requested.v1:${second.providerId}`,
      `kr.dolbom.referral.expired.v1:${second.providerId}`,
      `kr.dolbom.referral.requested.v1:${chosen}`,
    ]);
    await recordHistory(referral, 'referral-declined-expired-escalated');
    await recordHistory(handle, 'case-with-escalation');
  });

  it('applies a duplicate report once and refuses the wrong provider', async () => {
    const { referral } = await activeCaseWithOneReferral('DAY-01');
    const s = await referral.query(referralStateQuery);
    const report = { eventId: 'e-acc', providerId: s.providerId!, report: 'accepted' as const, occurredAt: at() };
    expect(await referral.executeUpdate(providerReportUpdate, { args: [report, TEST_SCOPE] })).toEqual({
      applied: true,
      status: 'accepted',
    });
    const dup = await referral.executeUpdate(providerReportUpdate, { args: [report, TEST_SCOPE] });
    expect(dup).toEqual({ applied: false, duplicate: true, status: 'accepted' });

    const wrong = await referral
      .executeUpdate(providerReportUpdate, {
        args: [{ eventId: 'e-x', providerId: 'prv-11740-zz-99', report: 'in-progress', occurredAt: at() }, TEST_SCOPE],
      })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((wrong as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(ERR_WRONG_PROVIDER);

    await referral.executeUpdate(providerReportUpdate, {
      args: [{ eventId: 'e-start', providerId: s.providerId!, report: 'in-progress', occurredAt: at() }, TEST_SCOPE],
    });
    await referral.executeUpdate(providerReportUpdate, {
      args: [{ eventId: 'e-done', providerId: s.providerId!, report: 'completed', occurredAt: at() }, TEST_SCOPE],
    });
    const final = await referral.result();
    expect(final.status).toBe('completed');
    expect(final.timeline.filter((t) => t.action === 'provider.accepted')).toHaveLength(1);
    // The case heard of the acceptance before its events were published: a reader woken by the event sees it.
    const order = await noticeAndPublishOrder(referral);
    expect(order.afterUpdate.notice).toBeGreaterThan(0);
    expect(order.afterUpdate.notice).toBeLessThan(order.afterUpdate.publish);
    await recordHistory(referral, 'referral-duplicate-report-completed');
  });

  it('tells its case of a report applied while a publish was awaited before publishing the report', async () => {
    // The referral's request is held in the producer: the provider's acceptance is applied while it is published.
    const release = bench.published.hold((topic) => topic.includes('referral.requests.'));
    let opened: Awaited<ReturnType<typeof activeCaseWithOneReferral>>;
    try {
      opened = await activeCaseWithOneReferral('DAY-01');
      const { referral } = opened;
      await eventually(
        async () => bench.published.held(),
        (n) => n > 0,
      );
      const s = await referral.query(referralStateQuery);
      const report = { eventId: 'e-acc-held', providerId: s.providerId!, report: 'accepted' as const, occurredAt: at() };
      expect(await referral.executeUpdate(providerReportUpdate, { args: [report, TEST_SCOPE] })).toMatchObject({ applied: true });
    } finally {
      release();
    }
    await eventually(
      () => opened.handle.query(caseStateQuery),
      (c) => Object.values(c.referrals).some((r) => r.status === 'accepted'),
    );
    const order = await noticeAndPublishOrder(opened.referral);
    expect(order.afterUpdate.notice).toBeGreaterThan(0);
    expect(order.afterUpdate.notice).toBeLessThan(order.afterUpdate.publish);
  });

  it('stops pending referrals when consent is withdrawn, and closes the case on the refuses ground', async () => {
    const { handle, referral } = await activeCaseWithOneReferral('HOU-02');
    const pending = await referral.query(referralStateQuery);
    expect(pending.status).toBe('requested');

    await handle.executeUpdate(withdrawConsentUpdate, { args: [{ actor: caseworker }, TEST_SCOPE] });
    const closed = await handle.result();
    expect(closed.status).toBe('closed');
    expect(closed.closure?.ground).toBe('refuses');

    const cancelled = await referral.result();
    expect(cancelled.status).toBe('cancelled');
    // A provider answering afterwards is refused: nothing is shared or changed any more.
    const late = await referral
      .executeUpdate(providerReportUpdate, {
        args: [{ eventId: 'e-late', providerId: pending.providerId!, report: 'accepted', occurredAt: at() }, TEST_SCOPE],
      })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(Error); // refused: the finished referral takes no update
    expect((await referral.query(referralStateQuery)).status).toBe('cancelled');
    if (late instanceof WorkflowUpdateFailedError) expect((late.cause as ApplicationFailure).type).toBe(ERR_REFERRAL_CLOSED);
    // A cancellation is published before the case hears of it: the closing case takes the notice as proof.
    const order = await noticeAndPublishOrder(referral);
    expect(order.last.publish).toBeGreaterThan(0);
    expect(order.last.publish).toBeLessThan(order.last.notice);
    await recordHistory(handle, 'case-consent-withdrawn');
    await recordHistory(referral, 'referral-cancelled-on-withdrawal');
  });
});
