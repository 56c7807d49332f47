/**
 * Builds every activity from its factory over the process's real clients. Tests call the same factories.
 */
import { createCalendarActivities } from '../activities/calendar';
import { createProviderActivities } from '../activities/providers';
import { createPublishEventActivities, type Companions } from '../activities/publish-event';
import type { PolicyOverrides } from '../domain/policy';
import type { Provider } from '../domain/providers/provider';
import type { TopicNames } from '../events/topics';
import type { ConnectedProviders } from '../activities/connected-providers';
import type { AuditSealer } from '../privacy/audit-seal';
import type { EventProducer } from '../platform/durable-producer';

export interface ActivityClients {
  producer: EventProducer;
  topics: TopicNames;
  directory: readonly Provider[];
  policyOverrides: PolicyOverrides;
  connectedProviders?: ConnectedProviders;
  auditSealer: AuditSealer;
  /** The case states that ride with the events (workers/case-state-sink.ts); none in tests that do not ask. */
  companions?: Companions;
}

export function createActivities(clients: ActivityClients) {
  return {
    ...createPublishEventActivities(clients),
    ...createProviderActivities(clients),
    ...createCalendarActivities(clients),
  };
}
export type Activities = ReturnType<typeof createActivities>;
