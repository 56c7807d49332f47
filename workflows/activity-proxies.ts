/**
 * Activity stubs for workflow code, with options declared once per kind of timeout. Activities are imported
 * as types only. Events and provider lookups retry until the broker or directory is back: a case waits, it
 * does not fail. Bad input is thrown non-retryable by the activity itself.
 */
import { proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar';
import type { createProviderActivities } from '../activities/providers';
import type { createPublishEventActivities } from '../activities/publish-event';
import { ACTIVITY_START_TO_CLOSE } from './activity-timeouts';

// The start-to-close timeout is workflows/activity-timeouts.ts's (why it is short is there); a 10 s ceiling on the
// retry interval bounds how long a case waits once the broker is back (measured by npm run test:faults).
export const events = proxyActivities<ReturnType<typeof createPublishEventActivities>>({
  startToCloseTimeout: ACTIVITY_START_TO_CLOSE,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** The provider lookup's options, as an activity (runs before the patch in workflows/patches.ts) or a local one. */
const LOOKUP_OPTIONS: ActivityOptions & LocalActivityOptions = {
  startToCloseTimeout: ACTIVITY_START_TO_CLOSE,
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
};

export const providers = proxyActivities<ReturnType<typeof createProviderActivities>>(LOOKUP_OPTIONS);

/**
 * The same lookup as a local activity (over the worker's in-memory directory: activities/providers.ts), so a
 * referral's first workflow task finds its provider and sends the request without a task of its own.
 */
export const providerLookup = proxyLocalActivities<ReturnType<typeof createProviderActivities>>(LOOKUP_OPTIONS);

export const calendar = proxyLocalActivities<ReturnType<typeof createCalendarActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
