/**
 * Activity stubs for workflow code, with options declared once per kind of timeout. Activities are imported
 * as types only. Events and provider lookups retry until the broker or directory is back: a case waits, it
 * does not fail. Bad input is thrown non-retryable by the activity itself.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar';
import type { createProviderActivities } from '../activities/providers';
import type { createPublishEventActivities } from '../activities/publish-event';

export const events = proxyActivities<ReturnType<typeof createPublishEventActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const providers = proxyActivities<ReturnType<typeof createProviderActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const calendar = proxyLocalActivities<ReturnType<typeof createCalendarActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
