/**
 * The provider systems connected to the local broker (npm run provider:connect, scripts/provider-connect.sh keeps
 * each one's password under <data>/kafka/security/providers), as Kafka clients authenticated as each provider's
 * own principal, for the simulator to act as them. Only providers whose requests topic exists under this
 * deployment's prefix are returned (a provider connected under another prefix, e.g. by a test, is not connected
 * here). For the local stack only: a cluster's provider systems hold their own credentials.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { providerPrincipal } from '../events/kafka-acls';
import type { TopicNames } from '../events/topics';
import { createKafka } from '../platform/kafka';
import { localKafkaSecurityDir } from '../platform/local-kafka-credentials';
import type { ConnectedProviderClient } from './provider-simulator';

const PASSWORD_SUFFIX = '.password';

export async function localConnectedProviders(o: {
  dataDir: string;
  brokers: string[];
  topics: TopicNames;
  logger: Logger;
  clientId: string;
}): Promise<ConnectedProviderClient[]> {
  const securityDir = localKafkaSecurityDir(o.dataDir);
  const dir = path.join(securityDir, 'providers');
  if (!fs.existsSync(dir)) return [];
  const providerIds = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(PASSWORD_SUFFIX))
    .map((f) => f.slice(0, -PASSWORD_SUFFIX.length))
    .sort();
  const connected: ConnectedProviderClient[] = [];
  for (const providerId of providerIds) {
    const kafka: Kafka = createKafka({
      brokers: o.brokers,
      clientId: `${o.clientId}-${providerId}`,
      logger: o.logger,
      security: {
        KAFKA_SSL: true,
        KAFKA_SSL_CA: path.join(securityDir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: providerPrincipal(providerId),
        KAFKA_SASL_PASSWORD: fs.readFileSync(path.join(dir, `${providerId}${PASSWORD_SUFFIX}`), 'utf8').trim(),
      },
    });
    // A provider's principal may describe its own topics only: the list says whether it is connected here.
    const admin = kafka.admin();
    try {
      await admin.connect();
      if ((await admin.listTopics()).includes(o.topics.providerRequests(providerId))) connected.push({ providerId, kafka });
    } catch (err) {
      o.logger.warn({ err, providerId }, 'connected provider skipped: its credentials were refused');
    } finally {
      await admin.disconnect();
    }
  }
  return connected;
}
