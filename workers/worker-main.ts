/**
 * The worker process: runs case and referral workflows and their activities.
 */
import { connectTemporalWorker } from '../platform/temporal-connection';
import { bootstrap, onShutdown } from '../platform/bootstrap';
import { createCaseWorker } from './create-worker';
import { createDataConverter } from '../platform/data-converter';
import { PROVIDER_DIRECTORY } from '../domain/providers/directory';
import { policyOverrides } from '../platform/policy-overrides';
import { createCacheProducer } from '../platform/kafka';
import { createDurableProducer } from '../platform/durable-producer';
import { connectedProvidersFromTopics } from '../activities/connected-providers';
import { createAuditSealer } from '../privacy/audit-seal';
import { CASE_STATE_LINGER_MS, createCaseStatePublisher } from './case-state-sink';

async function main(): Promise<void> {
  const { config, logger, kafka, topics } = await bootstrap('worker');
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const connectedProviders = connectedProvidersFromTopics(admin, topics);
  const connection = await connectTemporalWorker(config);
  const { dataConverter, codec, keyring } = createDataConverter(config);
  const stateProducer = createCacheProducer(kafka);
  await stateProducer.connect();
  const caseStates = createCaseStatePublisher({
    producer: stateProducer,
    topic: topics.caseState,
    codec,
    logger: logger.child({ component: 'case-state' }),
    lingerMs: CASE_STATE_LINGER_MS,
  });
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    clients: {
      producer,
      topics,
      directory: PROVIDER_DIRECTORY,
      policyOverrides: policyOverrides(config, logger),
      connectedProviders,
      auditSealer: createAuditSealer(keyring),
      companions: caseStates,
    },
    dataConverter,
    sinks: caseStates.sinks,
    // A new case's first workflow task, and its first update (consent), come through the task queue itself, not
    // this worker's sticky queue; the SDK's default gives that queue 2 of its 10 polls (docs/performance.md).
    tuning: {
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      nonStickyToStickyPollRatio: 0.5,
      workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
    },
  });
  onShutdown(logger, async () => {
    worker.shutdown();
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
  // How the case states went (docs/performance.md): taken into their step's request, or sent on their own.
  let logged = '';
  const logStates = () => {
    const now = JSON.stringify(caseStates.stats);
    if (now !== logged) logger.info({ component: 'case-state', ...caseStates.stats }, 'case states published');
    logged = now;
  };
  const statesTimer = setInterval(logStates, 60_000).unref();
  await worker.run();
  clearInterval(statesTimer);
  await caseStates.stop();
  logStates();
  await stateProducer.disconnect();
  await producer.disconnect();
  await admin.disconnect();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
