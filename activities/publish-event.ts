/**
 * Publishing events is I/O, so it happens here and never in workflow code. The event id is derived from the
 * business step's key: an activity retry or a worker crash republishes the identical event, which consumers
 * de-duplicate by id. A broker that is down makes the activity fail and Temporal retry it; the case waits.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Message } from 'kafkajs';
import { CareDomain } from '../domain/codes';
import { dataschemaFor, EVENT_SOURCE, type ActorRole, type Envelope } from '../events/envelope';
import { deterministicEventId } from '../events/event-id';
import { validateEnvelope } from '../events/schemas/registry';
import type { TopicNames } from '../events/topics';
import { ERR_INVALID_EVENT } from '../domain/failures';
import { NO_CONNECTED_PROVIDERS, type ConnectedProviders } from './connected-providers';
import { AUDIT_SEAL_HEADER, type AuditSealer } from '../privacy/audit-seal';
import type { EventProducer } from '../platform/durable-producer';

export type EventStream = { stream: 'referralRequests'; domain: CareDomain } | { stream: 'caseEvents' } | { stream: 'audit' };

export interface PublishEventInput {
  /** Names the business step; same step, same key, same event id. */
  eventKey: string;
  destination: EventStream;
  /** Partition key: the case id, so one case's events stay in order. */
  partitionKey: string;
  type: string;
  subject: string;
  /** Workflow time of the step (deterministic), not the activity's wall clock. */
  time: string;
  actorrole: ActorRole;
  actorid: string;
  data: unknown;
  /** The event is also its step's audit record: sealed like one, for the audit store to derive the step's entry
   * from it (audit/step-entry.ts) instead of a second message. */
  audited?: boolean;
}

export interface PublishEventDeps {
  producer: EventProducer;
  topics: TopicNames;
  /** Providers with a system of their own get their requests on their own topic (default: none). */
  connectedProviders?: ConnectedProviders;
  /** Seals audit records and keys their ids (privacy/audit-seal.ts); the audit consumer refuses unsealed ones. */
  auditSealer: AuditSealer;
  /** What waits to be published about a case besides its events (workers/case-state-sink.ts: its state for the
   * API's read model), taken to go in the same request (default: nothing). */
  companions?: Companions;
}

/** Messages about a case that may ride with its events; `restore` queues them again when the send fails. */
export interface Companions {
  take(caseId: string): Promise<{ topic: string; messages: Message[]; restore(): void } | undefined>;
}

export function topicFor(topics: TopicNames, d: EventStream): string {
  switch (d.stream) {
    case 'referralRequests': {
      const domain = CareDomain.safeParse(d.domain);
      if (!domain.success) throw ApplicationFailure.nonRetryable(`unknown care domain ${String(d.domain)}`, ERR_INVALID_EVENT);
      return topics.referralRequests(domain.data);
    }
    case 'caseEvents':
      return topics.caseEvents;
    case 'audit':
      return topics.audit;
  }
}

export function buildEnvelope(input: PublishEventInput, id: string = deterministicEventId(input.eventKey)): Envelope {
  return {
    specversion: '1.0',
    id,
    source: EVENT_SOURCE,
    type: input.type,
    subject: input.subject,
    time: input.time,
    datacontenttype: 'application/json',
    dataschema: dataschemaFor(input.type),
    actorrole: input.actorrole,
    actorid: input.actorid,
    data: input.data,
  };
}

/**
 * The envelope of an outbound event, checked against the public contract before it leaves: an unknown or
 * inbound type, a field the schema does not name (strict schemas: no personal data slips into an event), or a
 * wrong value is a bug, refused without retry rather than sent to providers.
 */
export function outboundEnvelope(input: PublishEventInput, id?: string): Envelope {
  const envelope = buildEnvelope(input, id);
  const checked = validateEnvelope(envelope, { direction: 'outbound' });
  if (!checked.ok)
    throw ApplicationFailure.nonRetryable(
      `event ${input.type} breaks the contract (${checked.reason}): ${checked.detail}`,
      ERR_INVALID_EVENT,
    );
  return envelope;
}

/** CloudEvents Kafka binding headers for a structured-mode message, so consumers can route without parsing. */
function headersOf(envelope: Envelope): Record<string, string> {
  return {
    ce_id: envelope.id,
    ce_type: envelope.type,
    ce_subject: envelope.subject,
    'content-type': 'application/cloudevents+json; charset=utf-8',
  };
}

export interface EventMessage {
  topic: string;
  id: string;
  message: { key: string; value: string; headers: Record<string, string> };
}

/**
 * The Kafka message of an outbound event, checked against the contract (used by activities and the API alike).
 * An audit record gets a keyed id and a seal (privacy/audit-seal.ts), so no one without the keyring can forge
 * one or pre-empt a real one's id; a step's event that is its own audit record (`audited`) gets the seal.
 */
export function eventMessage(topics: TopicNames, input: PublishEventInput, auditSealer: AuditSealer): EventMessage {
  const audit = input.destination.stream === 'audit';
  const envelope = outboundEnvelope(input, audit ? auditSealer.eventId(input.eventKey) : undefined);
  const value = JSON.stringify(envelope);
  const headers = headersOf(envelope);
  if (audit || input.audited) headers[AUDIT_SEAL_HEADER] = auditSealer.seal(value);
  return { topic: topicFor(topics, input.destination), id: envelope.id, message: { key: input.partitionKey, value, headers } };
}

/**
 * A referral request for a provider with a system of its own goes to that provider's requests topic, which only its
 * principal reads (issue 14: a provider sees only its own referrals); for the others it stays on the internal
 * domain topic, read by Dolbom's stand-in only (simulator/), while the provider works in the console or the API.
 */
async function routed(
  message: EventMessage,
  input: PublishEventInput,
  topics: TopicNames,
  connected: ConnectedProviders,
): Promise<EventMessage> {
  if (input.destination.stream !== 'referralRequests') return message;
  const providerId = (input.data as { providerId?: unknown }).providerId;
  if (typeof providerId !== 'string' || !(await connected.has(providerId))) return message;
  return { ...message, topic: topics.providerRequests(providerId) };
}

export function createPublishEventActivities({
  producer,
  topics,
  auditSealer,
  connectedProviders = NO_CONNECTED_PROVIDERS,
  companions,
}: PublishEventDeps) {
  const messageOf = async (input: PublishEventInput) => routed(eventMessage(topics, input, auditSealer), input, topics, connectedProviders);
  // The durable producer merges a batch's messages by topic (platform/durable-producer.ts), so companions are appended.
  const send = (topicMessages: { topic: string; messages: Message[] }[]) => producer.sendBatch({ acks: -1, topicMessages });
  return {
    /**
     * Publishes a step's events (e.g. the case event, sealed as its audit record) in one request to the broker, with what
     * waits about the same cases (their states). The events never wait on those: a request that fails with them
     * gives them back and goes again without them.
     */
    async publishEvents(inputs: PublishEventInput[]): Promise<{ ids: string[] }> {
      const byTopic = new Map<string, EventMessage['message'][]>();
      const ids: string[] = [];
      for (const input of inputs) {
        const { topic, id, message } = await messageOf(input);
        ids.push(id);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      }
      const events = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      const cases = [...new Set(inputs.map((i) => i.partitionKey))];
      const taken = companions ? (await Promise.all(cases.map((c) => companions.take(c).catch(() => undefined)))).filter((t) => !!t) : [];
      if (taken.length === 0) {
        await send(events);
        return { ids };
      }
      try {
        await send([...events, ...taken.map(({ topic, messages }) => ({ topic, messages }))]);
      } catch {
        for (const t of taken) t.restore();
        await send(events);
      }
      return { ids };
    },
    async publishEvent(input: PublishEventInput): Promise<{ id: string; topic: string }> {
      const { topic, id, message } = await messageOf(input);
      await producer.send({ topic, acks: -1, messages: [message] });
      return { id, topic };
    },
  };
}
