/**
 * Integration tests' global setup: the real servers must be up (scripts/test.sh starts them), and the
 * workflow code is bundled once here and shared by every suite through a file.
 */
import { writeWorkflowBundle } from '../workers/workflow-bundle';
import { Connection } from '@temporalio/client';
import net from 'node:net';
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
  await writeWorkflowBundle(s.bundlePath);
}
