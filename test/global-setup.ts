/**
 * Integration tests' global setup: the real servers must be up (scripts/test.sh starts them), and the
 * workflow code is bundled once here and shared by every suite through a file.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { PRELOADED_MODULES } from '../platform/workflow-preload';
import { FAILURE_CONVERTER_PATH } from '../privacy/encryption-codec';
import { Connection } from '@temporalio/client';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { testSettings } from './harness/settings';

function canConnect(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const s = net.connect(Number(port), host!);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export default async function globalSetup(): Promise<void> {
  const s = testSettings();
  for (const [what, addr] of [
    ['Temporal', s.temporalAddress],
    ['Kafka', s.kafkaBrokers[0]!],
  ] as const) {
    if (!(await canConnect(addr))) {
      throw new Error(`${what} is not reachable at ${addr}. Start the servers with: bash infra/up.sh (npm test does this for you).`);
    }
  }
  const connection = await Connection.connect({ address: s.temporalAddress });
  await connection.close();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    preloadModules: [...PRELOADED_MODULES], // as the worker process bundles it
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => process.stderr.write(`${m}\n`), log() {} },
  });
  fs.mkdirSync(path.dirname(s.bundlePath), { recursive: true });
  fs.writeFileSync(s.bundlePath, code);
}
