/** Stops the processes the global setup started, by their pids, and nothing else; ends the run's open cases. */
import fs from 'node:fs';
import path from 'node:path';
import { stopConsoleStack, terminateRunWorkflows } from '../test-stack';
import { E2E_DIR } from './stack-settings';

export default async function globalTeardown(): Promise<void> {
  const file = path.join(E2E_DIR, 'pids.json');
  if (!fs.existsSync(file)) return;
  const run = JSON.parse(fs.readFileSync(file, 'utf8')) as { pids: number[]; taskQueue: string };
  stopConsoleStack(run.pids);
  await new Promise((r) => setTimeout(r, 1500));
  await terminateRunWorkflows(run.taskQueue);
  fs.rmSync(file);
}
