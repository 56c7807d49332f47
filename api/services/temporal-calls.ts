/**
 * Every call the API makes to a case or referral workflow goes through `withinDeadline`: a query or update that
 * needs a worker, while none is polling, would otherwise wait for as long as Temporal lets it (more than 20 s).
 * Past the API's deadline (API_WORKER_TIMEOUT_MS, default 5 s) the caller gets a 503 problem document at once.
 * An update cut off this way may still be applied when the worker returns; a retry with the same
 * Idempotency-Key is the same update (its update id), so it is never applied twice.
 */
import type { Client } from '@temporalio/client';
import { isUnavailable, problems } from '../problem';

export async function withinDeadline<T>(client: Client, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, call);
  } catch (err) {
    if (isUnavailable(err)) {
      throw problems.unavailable(
        `the case service did not answer within ${Math.round(timeoutMs / 100) / 10} s; nothing was read, and an action may still apply once: retry it with the same Idempotency-Key`,
      );
    }
    throw err;
  }
}
