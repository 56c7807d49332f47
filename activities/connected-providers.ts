/**
 * Which providers have a system of their own on Kafka: those whose requests topic exists, made by
 * `npm run provider:connect` (events/topics.ts providerTopicSpecs). Their referral requests go to that topic only,
 * which only their principal may read (events/kafka-acls.ts). The topic list is read at most every `ttlMs`, so a
 * provider connected a moment ago gets its next request on its own topic.
 */
import type { Admin } from 'kafkajs';
import type { TopicNames } from '../events/topics';

export interface ConnectedProviders {
  has(providerId: string): Promise<boolean>;
}

/** No provider has a system of its own (every request goes to the internal domain topics). */
export const NO_CONNECTED_PROVIDERS: ConnectedProviders = { has: async () => false };

export function connectedProvidersFromTopics(admin: Admin, topics: TopicNames, ttlMs = 5000): ConnectedProviders {
  let known: Promise<Set<string>> | undefined;
  let readAt = 0;
  const list = () => {
    if (!known || Date.now() - readAt > ttlMs) {
      readAt = Date.now();
      known = admin.listTopics().then((names) => new Set(names));
      known.catch(() => {
        known = undefined; // asked again next time; the activity that asked fails and Temporal retries it
      });
    }
    return known;
  };
  return { has: async (providerId) => (await list()).has(topics.providerRequests(providerId)) };
}
