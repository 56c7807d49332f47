/**
 * A time-skipping test environment on the Java test server that infra/up.sh --with-test-server started:
 * the SDK spawns our forwarder as if it were the server binary (see infra/test-server/forward.js).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testSettings } from './settings';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testSettings().forwarderPath } },
  });
}
