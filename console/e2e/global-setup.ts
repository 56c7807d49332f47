/**
 * Starts the console's test stack as child processes: the worker and the API (which serves the console), on
 * the Temporal and Kafka servers `npm test` runs, with a task queue, topic prefix, data folder (fresh each
 * run: its own keys and audit store) and port of their own. The provider acts through the console, so no
 * simulator runs. Pids go to a file the teardown reads.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_BASE_URL, E2E_DIR, E2E_IDLE_MINUTES, E2E_PORT } from './stack-settings';

const ROOT = path.resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
  fs.rmSync(E2E_DIR, { recursive: true, force: true });
  fs.mkdirSync(E2E_DIR, { recursive: true });
  const run = `console-e2e-${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    DOLBOM_DATA_DIR: path.join(E2E_DIR, 'data'),
    TEMPORAL_TASK_QUEUE: run,
    KAFKA_TOPIC_PREFIX: `${run}.`,
    API_PORT: String(E2E_PORT),
    CONSOLE_IDLE_TIMEOUT_MINUTES: String(E2E_IDLE_MINUTES),
  };
  const pids: number[] = [];
  for (const name of ['worker', 'api']) {
    const log = fs.openSync(path.join(E2E_DIR, `${name}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', `workers/${name}-main.ts`], { cwd: ROOT, env, stdio: ['ignore', log, log], detached: false });
    pids.push(child.pid!);
    child.unref();
    // The worker creates the topics; the API's consumers start once they exist.
    if (name === 'worker') await new Promise((r) => setTimeout(r, 4000));
  }
  fs.writeFileSync(path.join(E2E_DIR, 'pids.json'), JSON.stringify(pids));
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(`${E2E_BASE_URL}/health/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the console's test API did not become ready; see ${E2E_DIR}/api.log`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
