/**
 * A worker and an API (serving the console) as child processes, on the running Temporal and Kafka, with a task
 * queue, topic prefix, data folder and port of their own: for the browser tests (console/e2e/global-setup.ts)
 * and the console benchmark (bench/console-caseload.ts). Stopped by their pids only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOLBOM_PRINCIPALS } from '../events/kafka-acls';
import { provisionDolbomTopics } from '../events/kafka-provision';
import { loadConfig } from '../platform/config';
import { createKafka } from '../platform/kafka';
import { localKafkaEnv, localKafkaSecurity } from '../platform/local-kafka-credentials';
import { createLogger } from '../platform/logger';

const ROOT = path.resolve(__dirname, '..');

export interface ConsoleStack {
  baseUrl: string;
  taskQueue: string;
  topicPrefix: string;
  dataDir: string;
  pids: number[];
}

export async function startConsoleStack(o: {
  dir: string;
  port: number;
  name: string;
  env?: Record<string, string>;
}): Promise<ConsoleStack> {
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(o.dir, { recursive: true });
  const taskQueue = `${o.name}-${Date.now().toString(36)}`;
  const stack: ConsoleStack = {
    baseUrl: `http://127.0.0.1:${o.port}`,
    taskQueue,
    topicPrefix: `${taskQueue}.`,
    dataDir: path.join(o.dir, 'data'),
    pids: [],
  };
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    DOLBOM_DATA_DIR: stack.dataDir,
    TEMPORAL_TASK_QUEUE: taskQueue,
    KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    API_PORT: String(o.port),
    ...o.env,
  };
  // The local broker's admin provisions the stack's topics and ACLs; the worker and the API then connect as their
  // own principals (events/kafka-acls.ts), as `npm start` runs them.
  const config = loadConfig();
  const brokerDataDir = config.DOLBOM_DATA_DIR;
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${o.name}-provision`,
    logger: createLogger({ level: 'warn', format: 'json', name: `${o.name}-provision` }),
    security: config.KAFKA_SASL_USERNAME !== undefined ? config : localKafkaSecurity(brokerDataDir, DOLBOM_PRINCIPALS.admin),
  });
  const admin = kafka.admin();
  await admin.connect();
  await provisionDolbomTopics(admin, stack.topicPrefix).finally(() => admin.disconnect());
  for (const name of ['worker', 'api'] as const) {
    const log = fs.openSync(path.join(o.dir, `${name}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', `workers/${name}-main.ts`], {
      cwd: ROOT,
      env: { ...env, ...localKafkaEnv(brokerDataDir, DOLBOM_PRINCIPALS[name]) },
      stdio: ['ignore', log, log],
    });
    stack.pids.push(child.pid!);
    child.unref();
    // The worker creates the data folder's keys; the API starts once they exist.
    if (name === 'worker') await new Promise((r) => setTimeout(r, 4000));
  }
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${stack.baseUrl}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopConsoleStack(stack.pids);
      throw new Error(`the console's stack did not become ready; see ${o.dir}/api.log`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return stack;
}

/** Terminates the cases and referrals a stack's run left open, so they do not linger in shared lists. */
export async function terminateRunWorkflows(taskQueue: string): Promise<number> {
  const { Client, Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const ids: string[] = [];
  for await (const w of client.workflow.list({
    query: `TaskQueue = '${taskQueue.replace(/[^A-Za-z0-9_.-]/g, '')}' AND ExecutionStatus = 'Running'`,
  }))
    ids.push(w.workflowId);
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map((id) =>
        client.workflow
          .getHandle(id)
          .terminate('console test run finished')
          .catch(() => undefined),
      ),
    );
  }
  await connection.close();
  return ids.length;
}

export function stopConsoleStack(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
