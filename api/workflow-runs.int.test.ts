/**
 * The API's calls to a case's current run (api/workflow-runs.ts), on the real Temporal server: a remembered run
 * that continued as new is never read stale and an update to it is applied once on the new run; a closed case
 * still reads; a case the process did not start is learned in the background.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { approvePlan, bringToPlanning, caseworker, eventually, intakeFor, line, TEST_SCOPE } from '../test/harness/case-env';
import { createTestKafka, type TestKafka } from '../test/harness/kafka';
import { startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import { providerReportUpdate } from '../workflows/referral/referral.messages';
import { caseStateQuery, closeCaseUpdate, recordMonitoringUpdate } from '../workflows/case/case.messages';
import { caseWorkflowId } from '../domain/case/case-state';
import type { caseWorkflow } from '../workflows/case/case.workflow';
import { createWorkflowRuns } from './workflow-runs';

const state = (h: WorkflowHandle) => h.query(caseStateQuery);

describe('API calls to a case’s current run', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  beforeAll(async () => {
    kafka = await createTestKafka('workflow-runs');
    temporal = await startRealTemporal('workflow-runs', kafka);
  });
  afterAll(async () => {
    await temporal?.close();
    await kafka?.close();
  });

  it('follows a case across continue-as-new and closure, reading nothing stale and applying each update once', async () => {
    const intake = intakeFor();
    const caseId = caseWorkflowId(intake.recipientPseudoId);
    const handle = await temporal.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId: caseId,
      args: [{ intake, historyLimit: 60 }],
    });
    const firstRun = handle.firstExecutionRunId;
    const runs = createWorkflowRuns(temporal.client);
    runs.started(caseId, firstRun);

    await runs.update(caseId, (h) => bringToPlanning(h as WorkflowHandle<typeof caseWorkflow>));
    expect(runs.stats).toMatchObject({ pinned: 1, unpinned: 0 });
    await approvePlan(handle, [line('L1', 'DAY-01')]);
    const s = await eventually(
      () => runs.query(caseId, state),
      (st) => Object.values(st.referrals).some((r) => r.status === 'requested'),
    );
    const r = Object.values(s.referrals)[0]!;
    await temporal.client.workflow.getHandle(r.referralId).executeUpdate(providerReportUpdate, {
      args: [
        { eventId: `acc-${r.referralId}`, providerId: r.providerId!, report: 'accepted', occurredAt: new Date().toISOString() },
        TEST_SCOPE,
      ],
    });

    // Seven visits through the remembered run: the history outgrows its limit and the case continues as new.
    for (let i = 0; i < 7; i++) {
      await runs.update(caseId, (h) =>
        h.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }, TEST_SCOPE] }),
      );
    }
    const after = await eventually(
      () => runs.query(caseId, state),
      (st) => st.run > 1,
    );
    expect(after.timeline.filter((t) => t.action === 'monitoringRecorded')).toHaveLength(7);
    expect(runs.stats.ended).toBeGreaterThanOrEqual(1);

    // The first run still answers a query named to it, with its state when it ended: that is what a remembered
    // run would read without the rejection of ended runs.
    const visits = (st: { monitoring: { visits: unknown[] } }) => st.monitoring.visits.length;
    const stale = await temporal.client.workflow.getHandle(caseId, firstRun).query(caseStateQuery);
    expect(visits(stale)).toBeLessThan(7);
    runs.started(caseId, firstRun); // an API that still remembers the first run
    const { ended, learned } = runs.stats;
    const read = await runs.query(caseId, state);
    expect(visits(read)).toBe(7);
    expect(runs.stats.ended).toBe(ended + 1);

    // The run it learns in the background is the current one: the next call names it.
    await eventually(
      async () => runs.stats.learned,
      (n) => n > learned,
    );
    const pinned = runs.stats.pinned;
    expect(visits(await runs.query(caseId, state))).toBe(7);
    expect(runs.stats.pinned).toBe(pinned + 1);

    // A closed case reads as before (by id), and is not described again on every read.
    await runs.update(caseId, (h) => h.executeUpdate(closeCaseUpdate, { args: [{ actor: caseworker, ground: 'death' }, TEST_SCOPE] }));
    await temporal.client.workflow.getHandle(caseId).result(); // the run has ended
    const endedBefore = runs.stats.ended;
    const closed = await runs.query(caseId, state);
    expect(closed.status).toBe('closed');
    expect(closed.monitoring.visits).toHaveLength(7);
    expect(runs.stats.ended).toBe(endedBefore + 1);
    await new Promise((r) => setTimeout(r, 500)); // the describe after the rejection settles
    const settled = { ...runs.stats };
    for (let i = 0; i < 3; i++) expect((await runs.query(caseId, state)).status).toBe('closed');
    expect(runs.stats).toMatchObject({ pinned: settled.pinned, described: settled.described, unpinned: settled.unpinned + 3 });
  });

  it('learns the run of a case it did not start, off the caller’s path', async () => {
    const intake = intakeFor();
    const caseId = caseWorkflowId(intake.recipientPseudoId);
    await temporal.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId: caseId,
      args: [{ intake }],
    });
    const runs = createWorkflowRuns(temporal.client);
    expect((await runs.query(caseId, state)).caseId).toBe(caseId);
    expect(runs.stats).toMatchObject({ pinned: 0, unpinned: 1 });
    await eventually(
      async () => runs.stats.learned,
      (n) => n === 1,
    );
    expect((await runs.query(caseId, state)).caseId).toBe(caseId);
    expect(runs.stats).toMatchObject({ pinned: 1, unpinned: 1 });
  });
});
