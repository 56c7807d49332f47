/**
 * Monitoring (Rule Art. 10) and long cases on the time-skipping server: the schedule over 13 months with an
 * overdue check escalated, and a 3-year case that continues as new without losing anything.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import {
  approvePlan,
  bringToPlanning,
  caseworker,
  createCaseBench,
  eventually,
  line,
  startCase,
  type CaseBench,
  TEST_SCOPE,
} from '../../test/harness/case-env';
import { recordHistory } from '../../test/harness/histories';
import { providerReportUpdate, referralStateQuery } from '../referral/referral.messages';
import { caseStateQuery, draftPlanUpdate, recordMonitoringUpdate } from './case.messages';
import type { caseWorkflow } from './case.workflow';

const DAY = 24 * 3600 * 1000;
const monthsBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / (30.44 * DAY);

describe('case monitoring', () => {
  let bench: CaseBench;
  beforeAll(async () => {
    bench = await createCaseBench('monitoring');
  });
  afterAll(async () => {
    await bench?.close();
  });

  async function activeCase(historyLimit?: number): Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>> {
    const handle = await startCase(bench, undefined, historyLimit);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'DAY-01')]);
    const s = await eventually(
      () => handle.query(caseStateQuery),
      (st) => Object.values(st.referrals).some((r) => r.status === 'requested'),
    );
    const r = Object.values(s.referrals)[0]!;
    await bench.env.client.workflow.getHandle(r.referralId).executeUpdate(providerReportUpdate, {
      args: [
        { eventId: `acc-${r.referralId}`, providerId: r.providerId!, report: 'accepted', occurredAt: new Date().toISOString() },
        TEST_SCOPE,
      ],
    });
    return handle;
  }

  it('schedules the first check within 3 months, then every 6, and escalates an overdue one (13 months)', async () => {
    const handle = await activeCase();
    const approved = await handle.query(caseStateQuery);
    const approvedAt = approved.firstPlanApprovedAt!;
    expect(monthsBetween(approvedAt, `${approved.monitoring.nextDue!}T23:59:59+09:00`)).toBeLessThanOrEqual(3.05);

    // Month ~2.6: the first check, on time.
    await bench.env.sleep(80 * DAY);
    await handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }, TEST_SCOPE] });
    const afterFirst = await handle.query(caseStateQuery);
    const firstVisit = afterFirst.monitoring.visits[0]!.at;
    expect(monthsBetween(firstVisit, `${afterFirst.monitoring.nextDue!}T00:00:00+09:00`)).toBeGreaterThan(5.8);
    expect(monthsBetween(firstVisit, `${afterFirst.monitoring.nextDue!}T23:59:59+09:00`)).toBeLessThanOrEqual(6.05);
    expect(afterFirst.monitoring.overdue).toBe(false);

    // The second check is missed: past its due date and grace, the case is overdue and escalated.
    await bench.env.sleep(200 * DAY);
    const overdue = await eventually(
      () => handle.query(caseStateQuery),
      (s) => s.monitoring.overdue,
    );
    const escalation = overdue.escalations.find((e) => e.kind === 'monitoringOverdue')!;
    expect(escalation.resolvedAt).toBeUndefined();
    expect(overdue.timeline.at(-1)!.action).toBe('monitoringOverdue');

    // The late visit clears it; the next is due 6 months after the visit.
    await handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }, TEST_SCOPE] });
    const late = await handle.query(caseStateQuery);
    expect(late.monitoring.overdue).toBe(false);
    expect(late.escalations.find((e) => e.id === escalation.id)!.resolvedAt).toBeDefined();

    // Month ~13: the third check, on time.
    await bench.env.sleep(120 * DAY);
    await handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }, TEST_SCOPE] });
    const final = await handle.query(caseStateQuery);
    expect(final.monitoring.visits).toHaveLength(3);
    expect(monthsBetween(approvedAt, final.monitoring.visits[2]!.at)).toBeGreaterThan(13);
    expect(final.escalations.filter((e) => e.kind === 'monitoringOverdue')).toHaveLength(1);
    await recordHistory(handle, 'case-monitoring-13-months');
  });

  it('revises a running plan after a monitoring check, through the same approval: cancel, amend and add lines', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'DAY-01'), line('L2', 'HOU-02')]);
    const before = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).filter((r) => r.status === 'requested').length === 2,
    );
    const byLine = (s: typeof before, l: string) => Object.values(s.referrals).find((r) => r.lineId === l)!;

    const refused = await handle
      .executeUpdate(draftPlanUpdate, { args: [{ actor: caseworker, lines: [line('L1', 'DAY-01')], personHeard: true }, TEST_SCOPE] })
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error); // a running plan is revised only after a check that calls for it
    await handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'changePlan' }, TEST_SCOPE] });
    const l1 = { ...line('L1', 'DAY-01'), quantity: { amount: 4, unit: 'visit' as const, per: 'week' as const } };
    await approvePlan(handle, [l1, line('L3', 'HLT-01')]);

    const after = await eventually(
      () => handle.query(caseStateQuery),
      (s) =>
        byLine(s, 'L2').status === 'cancelled' && Object.values(s.referrals).some((r) => r.lineId === 'L3' && r.status === 'requested'),
    );
    expect(after.status).toBe('active');
    expect(after.approvedPlan!.version).toBe(2);
    expect(byLine(after, 'L1').referralId).toBe(byLine(before, 'L1').referralId); // same referral, amended
    const amended = await bench.env.client.workflow.getHandle(byLine(after, 'L1').referralId).query(referralStateQuery);
    expect(amended.quantity.amount).toBe(4);
    expect(amended.timeline.map((t) => t.action)).toContain('amended');
  });
});
