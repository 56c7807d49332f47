/**
 * Replays every history in test/histories (recorded from real runs) against the current workflow code.
 * A change that would make running cases non-deterministic fails here: version it with patched().
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type InjectedSinks } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { HISTORIES_DIR } from './harness/histories';
import { workflowBundle } from './harness/workflow-bundle';
import { testDataConverter } from './harness/test-codec';
import type { CaseStateSinks } from '../workflows/case/case.messages';

const files = fs.existsSync(HISTORIES_DIR)
  ? fs
      .readdirSync(HISTORIES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

/** A replay worker calls no sink; the case's state sink is registered so it is not reported as unknown. */
const REPLAY_SINKS: InjectedSinks<CaseStateSinks> = { caseState: { changed: { fn: () => undefined } } };

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const recorded = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { workflowId: string; history: unknown };
    await Worker.runReplayHistory(
      { workflowBundle: workflowBundle(), dataConverter: testDataConverter, sinks: REPLAY_SINKS },
      historyFromJSON(recorded.history),
      recorded.workflowId,
    );
  });
});
