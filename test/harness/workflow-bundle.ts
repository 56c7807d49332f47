/** The workflow bundle built once by the global setup, shared by every integration suite. */
import fs from 'node:fs';
import { testSettings } from './settings';

let cached: { code: string } | undefined;

export function workflowBundle(): { code: string } {
  cached ??= { code: fs.readFileSync(testSettings().bundlePath, 'utf8') };
  return cached;
}
