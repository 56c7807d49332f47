/**
 * The published AsyncAPI document (events/asyncapi/asyncapi.json) against the code that routes, creates and guards
 * the topics: every channel's address, with a real provider id put in for its parameters, is a topic the code names
 * (events/topics.ts), with the same partitions; a provider's two parameterised channels are exactly the topics its
 * ACLs open to it (events/kafka-acls.ts providerAcls), read for the one it receives on and write for the one it
 * sends on; and every connection is SASL/SCRAM-SHA-512 over TLS, as the broker requires.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AclOperationTypes, AclResourceTypes } from 'kafkajs';
import { PROVIDER_DIRECTORY } from '../../domain/providers/directory';
import { DEFAULT_PREFIX, PROVIDER_ID_PARAMETER, ROOT, ASYNCAPI_PATH } from '../../events/asyncapi/generate';
import { providerAcls, providerPrincipal } from '../../events/kafka-acls';
import { providerTopicSpecs, topicNames, topicSpecs } from '../../events/topics';

interface Channel {
  address: string;
  parameters?: Record<string, { description: string }>;
  bindings: { kafka: { topic?: string; partitions: number } };
}
interface Doc {
  servers: Record<string, { protocol: string; security: { $ref: string }[] }>;
  channels: Record<string, Channel>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string }; security?: { $ref: string }[] }>;
  components: { securitySchemes: Record<string, { type: string }> };
}

const doc = JSON.parse(readFileSync(join(ROOT, ASYNCAPI_PATH), 'utf8')) as Doc;
const providerId = PROVIDER_DIRECTORY[0]!.id;
const t = topicNames(DEFAULT_PREFIX);
const fill = (address: string, id: string) => address.replaceAll(`{${PROVIDER_ID_PARAMETER}}`, id);
const channelOf = (ref: { $ref: string }) => doc.channels[ref.$ref.replace('#/channels/', '')]!;

test("every channel's address is a topic of events/topics.ts, with its partitions; parameters and placeholders agree", () => {
  const specs = new Map([...topicSpecs(DEFAULT_PREFIX), ...providerTopicSpecs(DEFAULT_PREFIX, providerId)].map((s) => [s.name, s]));
  const seen = new Set<string>();
  for (const [id, c] of Object.entries(doc.channels)) {
    const placeholders = [...c.address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    expect({ id, parameters: Object.keys(c.parameters ?? {}) }).toEqual({ id, parameters: placeholders });
    const topic = fill(c.address, providerId);
    const spec = specs.get(topic);
    expect({ id, topic, known: spec !== undefined }).toEqual({ id, topic, known: true });
    expect(c.bindings.kafka.partitions).toBe(spec!.partitions);
    if (c.bindings.kafka.topic !== undefined) expect(c.bindings.kafka.topic).toBe(c.address);
    seen.add(topic);
  }
  // ...and every topic the code makes has its channel.
  expect([...seen].sort()).toEqual([...specs.keys()].sort());
});

test("a provider's operations are on its own two topics, which its ACLs open to it for exactly that", () => {
  const acls = providerAcls(DEFAULT_PREFIX, providerId).filter((a) => a.resourceType === AclResourceTypes.TOPIC);
  const rights = (topic: string) =>
    acls
      .filter((a) => a.resourceName === topic && a.principal === `User:${providerPrincipal(providerId)}`)
      .map((a) => a.operation)
      .sort();
  const ops = Object.values(doc.operations);
  expect(ops.map((o) => o.action).sort()).toEqual(['receive', 'send']);
  for (const o of ops) {
    const topic = fill(channelOf(o.channel).address, providerId);
    expect(topic).toBe(o.action === 'receive' ? t.providerRequests(providerId) : t.providerReplies(providerId));
    const right = o.action === 'receive' ? AclOperationTypes.READ : AclOperationTypes.WRITE;
    expect(rights(topic)).toEqual([AclOperationTypes.DESCRIBE, right].sort());
  }
  // The bridge reads the provider from the topic it answered on (bridge/provider-response-bridge.ts).
  const send = ops.find((o) => o.action === 'send')!;
  expect(t.providerOfReplies(fill(channelOf(send.channel).address, providerId))).toBe(providerId);
  // No ACL opens any other topic to the provider.
  expect(new Set(acls.map((a) => a.resourceName))).toEqual(new Set([t.providerRequests(providerId), t.providerReplies(providerId)]));
});

test('every server and provider operation is SASL/SCRAM-SHA-512 over TLS', () => {
  const schemes = doc.components.securitySchemes;
  for (const server of Object.values(doc.servers)) {
    expect(server.protocol).toBe('kafka-secure');
    expect(server.security.map((s) => schemes[s.$ref.split('/').at(-1)!]!.type)).toEqual(['scramSha512']);
  }
  for (const o of Object.values(doc.operations))
    expect((o.security ?? []).map((s) => schemes[s.$ref.split('/').at(-1)!]!.type)).toEqual(['scramSha512']);
});
