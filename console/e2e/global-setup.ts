/**
 * Starts the console's test stack (console/test-stack.ts): a worker and the API on the Temporal and Kafka
 * servers `npm test` runs, fresh each run (its own keys and audit store). The provider acts through the
 * console, so no simulator runs. Pids go to a file the teardown reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startConsoleStack } from '../test-stack';
import { E2E_DIR, E2E_IDLE_MINUTES, E2E_PORT } from './stack-settings';

export default async function globalSetup(): Promise<void> {
  const stack = await startConsoleStack({
    dir: E2E_DIR,
    port: E2E_PORT,
    name: 'console-e2e',
    env: { CONSOLE_IDLE_TIMEOUT_MINUTES: String(E2E_IDLE_MINUTES) },
  });
  fs.writeFileSync(path.join(E2E_DIR, 'pids.json'), JSON.stringify({ pids: stack.pids, taskQueue: stack.taskQueue }));
}
