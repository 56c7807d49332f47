/**
 * Histories recorded from real runs, checked in and replayed by test/replay.int.test.ts, so a code change that
 * would break running cases fails CI. Set RECORD_HISTORIES=1 when running the workflow suites to (re)record
 * them after an intended, versioned change.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import fs from 'node:fs';
import path from 'node:path';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

export async function recordHistory(handle: WorkflowHandle, name: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = runId ? await handle.client.getHandle(handle.workflowId, runId).fetchHistory() : await handle.fetchHistory();
  const dir = process.env.RECORD_HISTORIES_DIR ?? HISTORIES_DIR; // elsewhere, to add histories beside the old ones
  fs.mkdirSync(dir, { recursive: true });
  // The workflow id is part of what the code computes from (referral ids derive from the case id).
  const recorded = { workflowId: handle.workflowId, history: JSON.parse(historyToJSON(history)) as unknown };
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(recorded));
}
