/**
 * A worker restart and a Temporal server restart lose nothing that was written: the case continues on a new
 * worker after the server came back on its SQLite file, with every step it had before.
 */
import { execFileSync } from 'node:child_process';
import { caseStateQuery } from '../workflows/case/case.messages';
import { approvePlan, bringToPlanning, eventually, intakeFor, line } from './harness/case-env';
import { uniqueId } from './harness/ids';
import { createTestKafka, type TestKafka } from './harness/kafka';
import { startCaseOn, startRealTemporal, type RealTemporal } from './harness/real-temporal';

const infra = (script: string) => execFileSync('bash', ['-c', script], { cwd: `${__dirname}/..`, stdio: 'pipe', timeout: 180000 });

describe('restarts', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal | undefined;

  beforeAll(async () => {
    kafka = await createTestKafka('restart-temporal');
  });
  afterAll(async () => {
    infra('bash infra/up.sh'); // whatever happened, leave the server running for the suites after this one
    await temporal?.close();
    await kafka?.close();
  });

  it('continues a case after its worker stopped and the Temporal server restarted on its SQLite file', async () => {
    const taskQueue = uniqueId('restart');
    temporal = await startRealTemporal('restart', kafka, taskQueue);
    const handle = await startCaseOn(temporal, intakeFor());
    await bringToPlanning(handle);
    const before = await handle.query(caseStateQuery);
    await temporal.close(); // the worker is gone
    temporal = undefined;

    infra('source infra/env.sh && stop_daemon temporal && bash infra/up.sh');

    temporal = await startRealTemporal('restart', kafka, taskQueue); // a new worker on the same task queue
    const resumed = temporal.client.workflow.getHandle(handle.workflowId);
    const after = await eventually(
      () => resumed.query(caseStateQuery),
      () => true,
      60000,
    );
    expect(after.timeline).toEqual(before.timeline);
    await approvePlan(resumed as typeof handle, [line('L1', 'DAY-01')]);
    const active = await eventually(
      () => resumed.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
      60000,
    );
    expect(active.status).toBe('active');
    expect(active.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
  });
});
