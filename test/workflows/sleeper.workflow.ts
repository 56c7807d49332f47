/** Test-only workflow: sleeps N days and returns how much workflow time passed. */
import { sleep } from '@temporalio/workflow';

export async function sleeperWorkflow(days: number): Promise<number> {
  const start = Date.now();
  await sleep(`${days} days`);
  return Date.now() - start;
}
