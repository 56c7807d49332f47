/**
 * Onboards a provider system onto Kafka (npm run provider:connect -- --provider <id>; scripts/provider-connect.sh
 * makes its SCRAM user first): its own requests and responses topics, ACLs that let its principal read the one and
 * write the other and nothing else (events/kafka-acls.ts), and the client settings it needs, with a kcat example.
 * Runs as the admin principal. `--check` only checks that the provider is in the directory.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { CONSUMER_GROUPS, providerPrincipal } from '../events/kafka-acls';
import { provisionProviderTopics } from '../events/kafka-provision';
import { topicNames } from '../events/topics';
import { getProvider } from '../domain/providers/directory';
import { cliOptions } from '../platform/cli';
import { loadConfig } from '../platform/config';
import { createKafka } from '../platform/kafka';
import { createLogger } from '../platform/logger';

const USAGE = 'usage: npm run provider:connect -- --provider <providerId>';
const args = cliOptions(
  { provider: { type: 'string' }, check: { type: 'boolean' }, 'password-file': { type: 'string' }, 'settings-file': { type: 'string' } },
  z.object({
    provider: z.string().min(1),
    check: z.boolean().optional(),
    'password-file': z.string().optional(),
    'settings-file': z.string().optional(),
  }),
  USAGE,
);

async function main(): Promise<void> {
  const provider = getProvider(args.provider); // an id outside the provider directory stops here
  if (args.check) return;
  if (!args['password-file'] || !args['settings-file'])
    throw new Error('--password-file and --settings-file are set by scripts/provider-connect.sh');
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: 'dolbom-provider-connect' });
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-provider-connect`,
    logger,
    security: config,
  });
  const admin = kafka.admin();
  await admin.connect();
  const prefix = config.KAFKA_TOPIC_PREFIX;
  try {
    await provisionProviderTopics(admin, prefix, provider.id, config.KAFKA_REPLICATION_FACTOR);
  } finally {
    await admin.disconnect();
  }
  const t = topicNames(prefix);
  const principal = providerPrincipal(provider.id);
  const password = fs.readFileSync(args['password-file'], 'utf8').trim();
  // librdkafka's names (kcat, confluent-kafka-go/python/dotnet, node-rdkafka); Java clients: see docs/events.md.
  const settings = [
    `bootstrap.servers=${config.KAFKA_BROKERS.join(',')}`,
    'security.protocol=SASL_SSL',
    'sasl.mechanisms=SCRAM-SHA-512',
    `sasl.username=${principal}`,
    `sasl.password=${password}`,
    ...(config.KAFKA_SSL_CA ? [`ssl.ca.location=${config.KAFKA_SSL_CA}`] : []),
    `group.id=${CONSUMER_GROUPS.provider(provider.id)}`,
    'enable.idempotence=true',
    'acks=all',
  ];
  fs.writeFileSync(args['settings-file'], `${settings.join('\n')}\n`, { mode: 0o600 });
  process.stdout.write(
    [
      `Provider ${provider.id} (${provider.nameEn}) is connected.`,
      `  principal        ${principal} (SCRAM-SHA-512; the password is in ${args['password-file']})`,
      `  reads            ${t.providerRequests(provider.id)}   (its referral requests, and only its own)`,
      `  writes           ${t.providerReplies(provider.id)}   (its decisions and progress; nothing else is writable)`,
      `  consumer group   ${CONSUMER_GROUPS.provider(provider.id)}*`,
      `  client settings  ${args['settings-file']}`,
      '',
      'Read your requests with kcat:',
      `  kcat -F ${args['settings-file']} -G ${CONSUMER_GROUPS.provider(provider.id)} ${t.providerRequests(provider.id)}`,
      'Answer one (a CloudEvents JSON line keyed by the referral id; docs/events.md):',
      `  kcat -F ${args['settings-file']} -P -t ${t.providerReplies(provider.id)} -K $'\\t' < answer.tsv`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`provider:connect failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
