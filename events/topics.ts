/**
 * The project's Kafka topics, with explicit partition counts. The application creates them at start
 * (the broker's auto-creation is off). Keys are case ids, so one case's events stay in order.
 */
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { CARE_DOMAINS, type CareDomain } from '../domain/codes';
import { DEAD_LETTER_TOPIC_MAX_MESSAGE_BYTES, INBOUND_TOPIC_MAX_MESSAGE_BYTES } from './schemas/dead-letter';

export interface TopicSpec {
  name: string;
  partitions: number;
  description: string;
  config?: Record<string, string>;
}

export function topicNames(prefix: string) {
  return {
    referralRequests: (domain: CareDomain) => `${prefix}referral.requests.${domain}`,
    providerResponses: `${prefix}provider.responses`,
    /** A connected provider system's own topics (npm run provider:connect): only its principal reads or writes them. */
    providerRequests: (providerId: string) => `${prefix}provider.${providerId}.requests`,
    providerReplies: (providerId: string) => `${prefix}provider.${providerId}.responses`,
    /** Every provider's own topics start with this (prefixed ACLs of Dolbom's processes, events/kafka-acls.ts). */
    providerTopicPrefix: `${prefix}provider.`,
    /** The provider whose own responses topic this is; undefined for any other topic. */
    providerOfReplies: (topic: string): string | undefined => {
      const head = `${prefix}provider.`;
      const tail = '.responses';
      if (!topic.startsWith(head) || !topic.endsWith(tail) || topic.length <= head.length + tail.length) return undefined;
      return topic.slice(head.length, -tail.length);
    },
    caseEvents: `${prefix}case.events`,
    /** Each case's latest state, encrypted, for the API's read model (api/case-read-model.ts). Internal. */
    caseState: `${prefix}case.state`,
    audit: `${prefix}audit`,
    deadLetter: `${prefix}deadletter`,
  };
}
export type TopicNames = ReturnType<typeof topicNames>;

/** The case-state topic's partitions: the API's live feed handles as many at once (api/case-event-feed.ts). */
export const CASE_STATE_PARTITIONS = 6;
/** The shared responses topic's partitions: one per bridge consumer by default (platform/config.ts). */
export const PROVIDER_RESPONSES_PARTITIONS = 6;

/** How long the case-state topic keeps a message. */
export const CASE_STATE_RETENTION_MS = 60 * 60 * 1000;

export function topicSpecs(prefix: string): TopicSpec[] {
  const t = topicNames(prefix);
  return [
    ...CARE_DOMAINS.map((d) => ({
      name: t.referralRequests(d),
      partitions: 6,
      description: `Referral requests for ${d} providers only (a provider subscribes to its own domains).`,
    })),
    {
      name: t.providerResponses,
      partitions: PROVIDER_RESPONSES_PARTITIONS,
      description: 'Provider decisions and progress on referrals (inbound).',
      // Larger batches are refused at produce time; anything accepted can be dead-lettered whole.
      config: { 'max.message.bytes': String(INBOUND_TOPIC_MAX_MESSAGE_BYTES) },
    },
    { name: t.caseEvents, partitions: 6, description: 'Case lifecycle events, keyed by case id.' },
    {
      name: t.caseState,
      partitions: CASE_STATE_PARTITIONS,
      description: "Each case's latest state, encrypted with the payload codec, keyed by case id: the API's read model.",
      // A reader starts at the end and falls back to Temporal for what it has not seen: an hour is plenty, and the
      // (encrypted) personal data is not kept longer than that.
      config: { 'retention.ms': String(CASE_STATE_RETENTION_MS) },
    },
    { name: t.audit, partitions: 3, description: 'Who read and changed what: feeds the append-only audit store.' },
    {
      name: t.deadLetter,
      partitions: 1,
      description: 'Inbound messages that were refused, with the reason in headers and the original bytes.',
      config: { 'max.message.bytes': String(DEAD_LETTER_TOPIC_MAX_MESSAGE_BYTES) },
    },
  ];
}

/** A connected provider system's two topics (created by npm run provider:connect). */
export function providerTopicSpecs(prefix: string, providerId: string): TopicSpec[] {
  const t = topicNames(prefix);
  return [
    { name: t.providerRequests(providerId), partitions: 3, description: `Referral requests for provider ${providerId} only.` },
    {
      name: t.providerReplies(providerId),
      partitions: 3,
      description: `Decisions and progress from provider ${providerId} only (its principal is the only writer).`,
      config: { 'max.message.bytes': String(INBOUND_TOPIC_MAX_MESSAGE_BYTES) },
    },
  ];
}

/** Creates missing topics (idempotent) and waits for their leaders. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    // Several processes may start at once: a topic another one just created is not an error.
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      })
      .catch(async (err: unknown) => {
        const now = new Set(await admin.listTopics());
        if (missing.some((s) => !now.has(s.name))) throw err;
      });
  }
  // Topics made before a limit was set get it now (config set on purpose, not left to the broker's default).
  const configured = specs.filter((s) => existing.has(s.name) && s.config);
  if (configured.length > 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: configured.map((s) => ({
        type: ConfigResourceTypes.TOPIC,
        name: s.name,
        configEntries: Object.entries(s.config!).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  return missing.map((s) => s.name);
}
