/**
 * The cluster stack (npm run cluster:up, docs/cluster.md) as the cluster fault runs use it: one of its processes
 * killed by the id its script recorded (.data/cluster/run/<name>.pid, the process group that start_daemon made),
 * PostgreSQL restarted, and everything missing brought back by `npm run cluster:up`, which is idempotent.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

/** Runs a shell line with the cluster's settings sourced (infra/cluster/env.sh). */
async function clusterInfra(script: string, timeoutMs = 600_000): Promise<void> {
  await run('bash', ['-c', `source infra/cluster/env.sh && ${script}`], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
}

/** Starts whatever of the cluster is not running and waits until it is ready. */
export const clusterUp = () => clusterInfra('bash infra/cluster/up.sh >/dev/null');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGKILLs a cluster process and its children (its process group: a Dolbom process's supervisor too, so it stays down). */
export async function killProcess(dataDir: string, name: string): Promise<void> {
  const pidFile = path.join(dataDir, 'run', `${name}.pid`);
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  if (!alive(pid)) throw new Error(`${name} (pid ${pid}) is not running`);
  process.kill(-pid, 'SIGKILL');
  while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
}

/** PostgreSQL restarted as an operator would: a fast shutdown (sessions ended, data flushed), then started again. */
export const restartPostgres = () =>
  clusterInfra(
    'POSTGRES_PORT="$CLUSTER_POSTGRES_PORT" bash infra/postgres-down.sh >/dev/null 2>&1 && bash infra/cluster/postgres.sh >/dev/null',
  );
