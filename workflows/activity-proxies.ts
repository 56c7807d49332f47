/**
 * Activity stubs for workflow code, with options declared once per kind of timeout. Activities are imported
 * as types only. Events and provider lookups retry until the broker or directory is back: a case waits, it
 * does not fail. Bad input is thrown non-retryable by the activity itself.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar';
import type { createProviderActivities } from '../activities/providers';
import type { createPublishEventActivities } from '../activities/publish-event';

// A publish takes milliseconds. A short start-to-close timeout bounds how long a case waits for an activity
// lost with a killed worker, and a 10 s ceiling on the retry interval for how long it waits once the broker is
// back (both measured by npm run test:faults).
export const events = proxyActivities<ReturnType<typeof createPublishEventActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

export const providers = proxyActivities<ReturnType<typeof createProviderActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

export const calendar = proxyLocalActivities<ReturnType<typeof createCalendarActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
