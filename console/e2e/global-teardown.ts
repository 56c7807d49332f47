/** Stops the processes the global setup started, by their pids, and nothing else. */
import fs from 'node:fs';
import path from 'node:path';
import { stopConsoleStack } from '../test-stack';
import { E2E_DIR } from './stack-settings';

export default async function globalTeardown(): Promise<void> {
  const file = path.join(E2E_DIR, 'pids.json');
  if (!fs.existsSync(file)) return;
  stopConsoleStack(JSON.parse(fs.readFileSync(file, 'utf8')) as number[]);
  await new Promise((r) => setTimeout(r, 1500));
  fs.rmSync(file);
}
