/**
 * A system self-check: proves the whole path (worker, activity, Kafka) works by publishing one event.
 * Used by `npm start` after boot and by the smoke test.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createPublishEventActivities } from '../activities/publish-event';
import { SELF_CHECK_EVENT_TYPE } from '../domain/vocabulary';

const { publishEvent } = proxyActivities<ReturnType<typeof createPublishEventActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

export async function selfCheckWorkflow(): Promise<{ eventId: string; topic: string }> {
  const { workflowId } = workflowInfo();
  const { id, topic } = await publishEvent({
    eventKey: `self-check/${workflowId}`,
    destination: { stream: 'caseEvents' },
    partitionKey: workflowId,
    type: SELF_CHECK_EVENT_TYPE,
    subject: workflowId,
    time: new Date().toISOString(),
    actorrole: 'system',
    actorid: 'dolbom-self-check',
    data: { check: 'ok' },
  });
  return { eventId: id, topic };
}
