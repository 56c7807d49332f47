/**
 * Puts the cluster in shape for Dolbom, as its admin principal: the project's topics (events/topics.ts) and the
 * ACLs of Dolbom's own processes (events/kafka-acls.ts). Idempotent (the broker keeps one copy of an equal ACL).
 */
import type { Admin } from 'kafkajs';
import { dolbomAcls, providerAcls } from './kafka-acls';
import { ensureTopics, providerTopicSpecs, topicSpecs } from './topics';

export async function provisionDolbomTopics(
  admin: Admin,
  prefix: string,
  replicationFactor = 1,
): Promise<{ created: string[]; acls: number }> {
  const created = await ensureTopics(admin, topicSpecs(prefix), replicationFactor);
  const acl = dolbomAcls(prefix);
  await admin.createAcls({ acl });
  return { created, acls: acl.length };
}

/** A provider system's own topics and ACLs (its SCRAM user is made by scripts/provider-connect.sh). */
export async function provisionProviderTopics(admin: Admin, prefix: string, providerId: string, replicationFactor = 1): Promise<string[]> {
  const created = await ensureTopics(admin, providerTopicSpecs(prefix, providerId), replicationFactor);
  await admin.createAcls({ acl: providerAcls(prefix, providerId) });
  return created;
}
