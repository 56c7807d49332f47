/**
 * A 3-year case on its own time-skipping server (a suite of its own, so no other test's open workflows are
 * pending while it skips years): it continues as new without losing anything and still takes actions.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { approvePlan, bringToPlanning, caseworker, createCaseBench, eventually, line, startCase, within, type CaseBench } from '../../test/harness/case-env';
import { recordHistory } from '../../test/harness/histories';
import { providerReportUpdate } from '../referral/referral.messages';
import { caseStateQuery, closeCaseUpdate, recordMonitoringUpdate } from './case.messages';
import type { caseWorkflow } from './case.workflow';

const DAY = 24 * 3600 * 1000;

describe('long-running case', () => {
  let bench: CaseBench;
  beforeAll(async () => {
    bench = await createCaseBench('long-case');
  });
  afterAll(async () => {
    await bench?.close();
  });

  async function activeCase(historyLimit?: number): Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>> {
    const handle = await startCase(bench, undefined, historyLimit);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'DAY-01')]);
    const s = await eventually(() => handle.query(caseStateQuery), (st) => Object.values(st.referrals).some((r) => r.status === 'requested'));
    const r = Object.values(s.referrals)[0]!;
    await bench.env.client.workflow.getHandle(r.referralId).executeUpdate(providerReportUpdate, {
      args: [{ eventId: `acc-${r.referralId}`, providerId: r.providerId!, report: 'accepted', occurredAt: new Date().toISOString() }],
    });
    return handle;
  }

  it('runs a 3-year case that continues as new, keeping every step, and still takes actions afterwards', async () => {
    const handle = await activeCase(60);
    for (let i = 0; i < 7; i++) {
      await within(30000, bench.env.sleep(150 * DAY));
      // A call racing the case's continue-as-new can go unanswered on the test server: if it did not land,
      // it is sent again (checked against the visits recorded, so no visit is recorded twice).
      for (let attempt = 0; attempt < 3; attempt++) {
        const done = await within(15000, handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }] }));
        if (done) break;
        const visits = (await handle.query(caseStateQuery)).monitoring.visits.length;
        if (visits === i + 1) break;
      }
    }
    const state = await eventually(() => handle.query(caseStateQuery), (s) => s.run > 1);
    expect(state.monitoring.visits).toHaveLength(7);
    expect(state.monitoring.overdue).toBe(false);
    expect(state.timeline.map((t) => t.seq)).toEqual(state.timeline.map((_, i) => i + 1));
    expect(state.timeline.filter((t) => t.action === 'monitoringRecorded')).toHaveLength(7);
    expect(Object.values(state.referrals)[0]!.status).toBe('accepted');

    await within(15000, handle.executeUpdate(closeCaseUpdate, { args: [{ actor: caseworker, ground: 'death' }] }));
    const closed = await eventually(() => handle.query(caseStateQuery), (st) => st.status === 'closed', 30000);
    expect(closed.status).toBe('closed');
    expect(closed.closure?.ground).toBe('death');
    expect(closed.run).toBeGreaterThanOrEqual(state.run);
    expect(closed.monitoring.visits).toHaveLength(7);
    expect(closed.timeline.at(-1)!.action).toBe('closed');
    await recordHistory(handle, 'case-3-years-first-run', handle.firstExecutionRunId);
    await recordHistory(handle, 'case-3-years-last-run');
  });
});
