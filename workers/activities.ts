/**
 * Builds every activity from its factory over the process's real clients. Tests call the same factories.
 */
import type { Producer } from 'kafkajs';
import { createPublishEventActivities } from '../activities/publish-event';
import type { TopicNames } from '../events/topics';

export interface ActivityClients {
  producer: Producer;
  topics: TopicNames;
}

export function createActivities(clients: ActivityClients) {
  return {
    ...createPublishEventActivities(clients),
  };
}
export type Activities = ReturnType<typeof createActivities>;
