/**
 * A long-running case on the real Temporal server: seven monitoring visits grow the history until the case
 * continues as new, more than once; nothing is lost and the case still takes actions afterwards. (On the
 * time-skipping test server, calls that race continue-as-new were seen to go unanswered, so this case runs on the
 * real server. Its visits were once dated across three years; a visit dated in the future is now refused
 * (domain/case/monitoring-visit-date.ts, Rule Art. 10), so they are dated when recorded; the months-long schedule
 * is covered on the time-skipping server by case-monitoring.int.test.ts.)
 */
import { approvePlan, bringToPlanning, caseworker, eventually, intakeFor, line, TEST_SCOPE } from '../../test/harness/case-env';
import { recordHistory } from '../../test/harness/histories';
import { createTestKafka, type TestKafka } from '../../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../../test/harness/real-temporal';
import { providerReportUpdate } from '../referral/referral.messages';
import { caseStateQuery, closeCaseUpdate, recordMonitoringUpdate } from './case.messages';
import { caseWorkflowId } from '../../domain/case/case-state';
import type { caseWorkflow } from './case.workflow';

const DAY = 24 * 3600 * 1000;

describe('long-running case', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  beforeAll(async () => {
    kafka = await createTestKafka('long-case');
    temporal = await startRealTemporal('long-case', kafka);
  });
  afterAll(async () => {
    await temporal?.close();
    await kafka?.close();
  });

  it('runs a case that continues as new, keeping every step, and still takes actions afterwards', async () => {
    const intake = intakeFor();
    const handle = await temporal.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId: caseWorkflowId(intake.recipientPseudoId),
      args: [{ intake, historyLimit: 60 }],
    });
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'DAY-01')]);
    const s = await eventually(
      () => handle.query(caseStateQuery),
      (st) => Object.values(st.referrals).some((r) => r.status === 'requested'),
    );
    const r = Object.values(s.referrals)[0]!;
    await temporal.client.workflow.getHandle(r.referralId).executeUpdate(providerReportUpdate, {
      args: [
        { eventId: `acc-${r.referralId}`, providerId: r.providerId!, report: 'accepted', occurredAt: new Date().toISOString() },
        TEST_SCOPE,
      ],
    });
    const approvedAt = Date.parse(s.firstPlanApprovedAt!);
    for (let i = 0; i < 7; i++) {
      await handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }, TEST_SCOPE] });
    }
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (st) => st.run > 1 && st.monitoring.visits.length === 7,
    );
    // Each visit dated when recorded, in order, none before the approval; the next check is due the interval later.
    const visits = state.monitoring.visits.map((v) => Date.parse(v.at));
    expect(visits.every((t, i) => t >= approvedAt && (i === 0 || t >= visits[i - 1]!))).toBe(true);
    expect(Date.parse(`${state.monitoring.nextDue!}T00:00:00+09:00`) - visits[6]!).toBeGreaterThan(150 * DAY);
    expect(state.monitoring.overdue).toBe(false);
    expect(state.timeline.map((t) => t.seq)).toEqual(state.timeline.map((_, i) => i + 1));
    expect(state.timeline.filter((t) => t.action === 'monitoringRecorded')).toHaveLength(7);
    expect(Object.values(state.referrals)[0]!.status).toBe('accepted');

    await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: caseworker, ground: 'death' }, TEST_SCOPE] });
    const closed = await handle.result();
    expect(closed.status).toBe('closed');
    expect(closed.closure?.ground).toBe('death');
    expect(closed.run).toBeGreaterThanOrEqual(state.run);
    expect(closed.monitoring.visits).toHaveLength(7);
    expect(closed.timeline.at(-1)!.action).toBe('closed');
    await recordHistory(handle, 'case-3-years-first-run', handle.firstExecutionRunId);
    await recordHistory(handle, 'case-3-years-last-run');
  });
});
