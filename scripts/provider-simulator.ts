/**
 * Provider simulator command: acts as providers over Kafka using only the public contract, as each connected
 * provider's own principal on its own topics, and as Dolbom's stand-in on the domain topics for the others.
 *   npm run simulate:providers -- --accept-rate 0.8 --domains medical,housing --delay 200-2000 --follow-through
 */
import { parseArgs } from 'node:util';
import { CareDomain, DeclineReason } from '../domain/codes';
import { bootstrap, onShutdown } from '../platform/bootstrap';
import { createDurableProducer } from '../platform/durable-producer';
import { localConnectedProviders } from '../simulator/local-providers';
import { startProviderSimulator } from '../simulator/provider-simulator';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'accept-rate': { type: 'string', default: '0.8' },
      domains: { type: 'string' },
      'decline-reasons': { type: 'string' },
      delay: { type: 'string', default: '0' },
      'follow-through': { type: 'boolean', default: false },
      seed: { type: 'string', default: 'dolbom-sim' },
    },
  });
  const acceptRate = Number(values['accept-rate']);
  if (!(acceptRate >= 0 && acceptRate <= 1)) throw new Error('--accept-rate must be between 0 and 1');
  const domains = values.domains?.split(',').map((d) => CareDomain.parse(d.trim()));
  const declineReasons = values['decline-reasons']?.split(',').map((r) => DeclineReason.parse(r.trim()));
  const [lo, hi] = values.delay!.split('-').map(Number);
  if (!Number.isFinite(lo) || (hi !== undefined && !Number.isFinite(hi))) throw new Error('--delay is ms or a range like 200-2000');

  const { config, logger, kafka, topics } = await bootstrap('provider-simulator');
  const producer = createDurableProducer(kafka);
  await producer.connect();
  // Providers connected with a system of their own (npm run provider:connect) are acted as themselves: their own
  // principal, their own topics. The simulator's principal (dolbom-simulator) reads only the domain topics.
  const connectedProviders = await localConnectedProviders({
    dataDir: config.DOLBOM_DATA_DIR,
    brokers: config.KAFKA_BROKERS,
    topics,
    logger,
    clientId: `${config.KAFKA_CLIENT_ID}-provider-simulator`,
  });
  const sim = await startProviderSimulator({
    kafka,
    producer,
    topics,
    logger,
    connectedProviders,
    domains,
    declineReasons,
    acceptRate,
    delayMs: hi === undefined ? lo! : [lo!, hi],
    followThrough: values['follow-through'],
    seed: values.seed,
  });
  logger.info(
    { acceptRate, domains: domains ?? 'all', connectedProviders: connectedProviders.map((p) => p.providerId) },
    'provider simulator answering referral requests',
  );
  const timer = setInterval(
    () => logger.info({ requests: sim.stats.requests, accepted: sim.stats.accepted, declined: sim.stats.declined }, 'simulator progress'),
    10000,
  );
  onShutdown(logger, async () => {
    clearInterval(timer);
    await sim.stop();
    await producer.disconnect();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`provider simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
