/**
 * Who may do what on the Kafka cluster. The broker allows nothing without an ACL
 * (`allow.everyone.if.no.acl.found=false`, infra/kafka/server.properties.template); every ACL the project grants
 * is built here, from the topic names of events/topics.ts:
 * - Dolbom's own processes each have a principal with only the rights that process uses;
 * - a provider system has a principal that may read its own requests topic and write its own responses topic,
 *   nothing else (issue 14: a provider sees and answers only its own referrals; data minimisation, PIPA art. 3).
 * The admin principal is the broker's super user (inter-broker, topic and ACL management); no process runs as it.
 */
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry } from 'kafkajs';
import { CARE_DOMAINS } from '../domain/codes';
import { topicNames } from './topics';

/** The principals of Dolbom's own processes (SCRAM user names). */
export const DOLBOM_PRINCIPALS = {
  admin: 'dolbom-admin',
  worker: 'dolbom-worker',
  bridge: 'dolbom-bridge',
  api: 'dolbom-api',
  simulator: 'dolbom-simulator',
} as const;
export type DolbomProcess = keyof typeof DOLBOM_PRINCIPALS;

/** Consumer groups each process joins (prefixes): a group id outside these is refused. */
export const CONSUMER_GROUPS = {
  bridge: 'dolbom-bridge',
  apiAuditStore: (prefix: string) => `${prefix}audit-store`,
  apiListings: (prefix: string) => `${prefix}listings`,
  apiConsoleLive: 'dolbom-console-live-',
  simulator: 'dolbom-provider-simulator',
  provider: (providerId: string) => `provider-${providerId}`,
} as const;

/** A provider system's SCRAM user name. */
export const providerPrincipal = (providerId: string) => `provider-${providerId}`;

type Op = 'read' | 'write';

function topicAcls(principal: string, topic: string, ops: Op[], pattern = ResourcePatternTypes.LITERAL): AclEntry[] {
  const operations = [AclOperationTypes.DESCRIBE, ...ops.map((o) => (o === 'read' ? AclOperationTypes.READ : AclOperationTypes.WRITE))];
  return operations.map((operation) => ({
    resourceType: AclResourceTypes.TOPIC,
    resourceName: topic,
    resourcePatternType: pattern,
    principal: `User:${principal}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  }));
}

function groupAcls(principal: string, group: string, pattern = ResourcePatternTypes.PREFIXED): AclEntry[] {
  return [AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) => ({
    resourceType: AclResourceTypes.GROUP,
    resourceName: group,
    resourcePatternType: pattern,
    principal: `User:${principal}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  }));
}

/** The rights of Dolbom's own processes on the topics under `prefix`. */
export function dolbomAcls(prefix: string): AclEntry[] {
  const t = topicNames(prefix);
  const p = DOLBOM_PRINCIPALS;
  const requests = CARE_DOMAINS.map((d) => t.referralRequests(d));
  return [
    // The worker publishes case events, audit records and referral requests (activities/publish-event.ts).
    ...[t.caseEvents, t.audit, ...requests].flatMap((topic) => topicAcls(p.worker, topic, ['write'])),
    // The worker publishes each case's state as it changes, the API reads it into its read model (api/case-read-model.ts).
    ...topicAcls(p.worker, t.caseState, ['write']),
    ...topicAcls(p.api, t.caseState, ['read']),
    // The bridge reads provider responses and dead-letters what it refuses (bridge/).
    ...topicAcls(p.bridge, t.providerResponses, ['read']),
    ...topicAcls(p.bridge, t.deadLetter, ['write']),
    // Connected provider systems' own topics: the worker writes requests there, the bridge reads responses.
    ...topicAcls(p.worker, t.providerTopicPrefix, ['write'], ResourcePatternTypes.PREFIXED),
    ...topicAcls(p.bridge, t.providerTopicPrefix, ['read'], ResourcePatternTypes.PREFIXED),
    ...groupAcls(p.bridge, CONSUMER_GROUPS.bridge),
    // The API audits reads, stores the audit topic, keeps the lists and feeds the console's live case list (api/,
    // audit/, listing/, console/).
    ...topicAcls(p.api, t.audit, ['read', 'write']),
    ...topicAcls(p.api, t.caseEvents, ['read']),
    ...groupAcls(p.api, CONSUMER_GROUPS.apiAuditStore(prefix)),
    ...groupAcls(p.api, CONSUMER_GROUPS.apiListings(prefix)),
    ...groupAcls(p.api, CONSUMER_GROUPS.apiConsoleLive),
    // The simulator stands in for the providers that have no system of their own (simulator/).
    ...requests.flatMap((topic) => topicAcls(p.simulator, topic, ['read'])),
    ...topicAcls(p.simulator, t.providerResponses, ['write']),
    ...groupAcls(p.simulator, CONSUMER_GROUPS.simulator),
  ];
}

/** A provider system's rights: read its requests, write its responses, its own consumer group; nothing else. */
export function providerAcls(prefix: string, providerId: string): AclEntry[] {
  const t = topicNames(prefix);
  const principal = providerPrincipal(providerId);
  return [
    ...topicAcls(principal, t.providerRequests(providerId), ['read']),
    ...topicAcls(principal, t.providerReplies(providerId), ['write']),
    ...groupAcls(principal, CONSUMER_GROUPS.provider(providerId)),
  ];
}
