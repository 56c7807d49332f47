/**
 * A time-skipping test environment on the Java test server that infra/up.sh --with-test-server started:
 * the SDK spawns our forwarder as if it were the server binary (see infra/test-server/forward.js). The
 * test server validates search attributes like a real one, so ours are registered on it first.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import searchAttributes from '../../workflows/search-attributes.json';
import { testSettings } from './settings';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testSettings().forwarderPath } },
  });
  // The test server keeps them for its lifetime; a second suite finds them registered already.
  for (const [name, type] of Object.entries(searchAttributes as Record<string, string>)) {
    await env.connection.operatorService
      .addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes: { [name]: TYPES[type]! } })
      .catch((err: { code?: number }) => {
        if (err.code !== 6 /* ALREADY_EXISTS */) throw err;
      });
  }
  return env;
}
