/**
 * Puts the cluster in shape for Dolbom, as its admin principal: the project's topics (events/topics.ts) and the
 * ACLs of Dolbom's own processes (events/kafka-acls.ts). Idempotent (the broker keeps one copy of an equal ACL).
 */
import type { Admin } from 'kafkajs';
import { dolbomAcls } from './kafka-acls';
import { ensureTopics, topicSpecs } from './topics';

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
