/**
 * The time-skipping harness works: a workflow sleeps 30 days of workflow time in seconds of real time.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { uniqueId } from './harness/ids';
import { testDataConverter } from './harness/test-codec';
import { createTimeSkippingEnv } from './harness/time-skipping';

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sleeps 30 days of workflow time in a few seconds of real time', async () => {
    const taskQueue = uniqueId('sleep');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows/sleeper.workflow'),
      dataConverter: testDataConverter,
    });
    const started = Date.now();
    const slept = await worker.runUntil(
      env.client.workflow.execute('sleeperWorkflow', {
        args: [30],
        taskQueue,
        workflowId: uniqueId('sleeper'),
        workflowExecutionTimeout: '365 days',
      }),
    );
    const realMs = Date.now() - started;
    expect(slept).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    expect(realMs).toBeLessThan(60_000);
  });
});
