/**
 * A time-skipping test environment: a fresh Java test server per suite, spawned by the SDK through
 * infra/test-server/temporal-test-server. The test server validates search attributes like a real one,
 * so ours are registered on it first.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import searchAttributes from '../../workflows/search-attributes.json';
import { testSettings } from './settings';
import { testDataConverter } from './test-codec';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

/** Attempts to start the test server: the SDK waits 5 s for it, and a JVM can take longer on a loaded machine. */
export const TEST_SERVER_START_ATTEMPTS = 4;
/** The pause before the n-th attempt is n - 1 times this: the load that slowed one start has a moment to pass. */
export const TEST_SERVER_RETRY_PAUSE_MS = 2000;

/**
 * The SDK gives the server it spawns 5 s to answer, fixed in its core (sdk-core `ephemeral_server/mod.rs`: 50 tries
 * 100 ms apart), and kills it when it does not. With the other suites' servers and workers busy on 2 cores a JVM
 * start can take longer (CI of 2026-12-03: one suite's four tests failed so, the rest of the run green; a later CI
 * that day: three starts in a row), so a start that timed out is tried again after a pause; any other failure is
 * thrown at once. The server's launcher loads a class-data archive (infra/install-test-server.sh), which takes a
 * start from about 0.9 s to 0.3 s on an idle machine.
 */
export async function startTimeSkipping(
  start: () => Promise<TestWorkflowEnvironment>,
  attempts = TEST_SERVER_START_ATTEMPTS,
  pauseMs = TEST_SERVER_RETRY_PAUSE_MS,
): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      const timedOut = err instanceof Error && /did not start within/.test(err.message);
      if (!timedOut || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, pauseMs * attempt));
    }
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkipping(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testSettings().testServerPath } },
      client: { dataConverter: testDataConverter },
    }),
  );
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(searchAttributes as Record<string, string>).map(([name, type]) => [name, TYPES[type]!]),
    ),
  });
  // Time skipping starts locked: it advances only while the SDK awaits a result or in env.sleep().
  return env;
}
