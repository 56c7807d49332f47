/**
 * Issue 13 items 4 and 9 through the case workflow on the time-skipping server:
 * - Rule Art. 10: a monitoring visit dated before the plan's approval or in the future is refused with the
 *   reason, nothing changes, and the case is not stuck (a pre-approval date once made every workflow task fail);
 * - catalogue honesty: an approved plan line of an open-access programme records the information given on the
 *   timeline and the case-events topic, and starts no referral workflow.
 */
import { ERR_INVALID_INPUT } from '../../domain/failures';
import {
  approvePlan,
  bringToPlanning,
  caseworker,
  createCaseBench,
  eventually,
  refusal,
  line,
  startCase,
  type CaseBench,
  TEST_SCOPE,
} from '../../test/harness/case-env';
import { caseStateQuery, recordMonitoringUpdate } from './case.messages';

const DAY = 24 * 3600 * 1000;

describe('time rules and catalogue honesty in the case workflow', () => {
  let bench: CaseBench;
  beforeAll(async () => {
    bench = await createCaseBench('time-catalogue');
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('approving an open-access line (Sonmok Doctor 9988) records the information given and refers only the other line', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'LTC-02'), line('L2', 'HLT-07')]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    expect(Object.values(state.referrals).map((r) => [r.lineId, r.serviceCode])).toEqual([['L1', 'LTC-02']]);
    const info = state.timeline.filter((t) => t.action === 'informationGiven');
    expect(info.map((t) => t.details)).toEqual([{ serviceCode: 'HLT-07', lineId: 'L2' }]);
    // No referral workflow for the open-access line: only L1's id exists on the server.
    const referralIds = Object.keys(state.referrals);
    expect(referralIds).toHaveLength(1);
    const published = await eventually(
      async () => bench.published.sent(bench.published.topics.caseEvents).map((m) => JSON.parse(m.value!.toString())),
      (es) => es.some((e) => e.subject === state.caseId && e.type === 'kr.dolbom.case.information-given.v1'),
    );
    const given = published.find((e) => e.subject === state.caseId && e.type === 'kr.dolbom.case.information-given.v1');
    expect(given.data.details).toEqual({ serviceCode: 'HLT-07', lineId: 'L2' });
  });

  it('Rule Art. 10: a visit dated before the approval or in the future is refused; the case still records a proper one', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'DAY-01')]);
    const approved = await handle.query(caseStateQuery);
    const approvedAt = Date.parse(approved.firstPlanApprovedAt!);

    const before = await refusal(
      handle.executeUpdate(recordMonitoringUpdate, {
        args: [{ actor: caseworker, outcome: 'continue', visitedAt: new Date(approvedAt - DAY).toISOString() }, TEST_SCOPE],
      }),
    );
    expect(before.type).toBe(ERR_INVALID_INPUT);
    expect(before.message).toMatch(/before the plan's approval/);
    const future = await refusal(
      handle.executeUpdate(recordMonitoringUpdate, {
        args: [{ actor: caseworker, outcome: 'continue', visitedAt: new Date(approvedAt + 30 * DAY).toISOString() }, TEST_SCOPE],
      }),
    );
    expect(future.message).toMatch(/in the future/);
    const unchanged = await handle.query(caseStateQuery);
    expect(unchanged.monitoring.visits).toEqual([]);
    expect(unchanged.timeline).toEqual(approved.timeline);

    // Not stuck: the case answers and takes a visit dated now, and schedules the next check from it.
    await bench.env.sleep(10 * DAY);
    const done = await handle.executeUpdate(recordMonitoringUpdate, { args: [{ actor: caseworker, outcome: 'continue' }, TEST_SCOPE] });
    expect(done.status).toBe('active');
    const after = await eventually(
      () => handle.query(caseStateQuery),
      (s) => s.monitoring.visits.length === 1 && s.monitoring.nextDue !== approved.monitoring.nextDue,
    );
    expect(Date.parse(after.monitoring.visits[0]!.at)).toBeGreaterThan(approvedAt);
  });
});
