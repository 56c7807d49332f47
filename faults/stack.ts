/**
 * An isolated Dolbom stack for the fault runs: its own Temporal dev server (SQLite) and Kafka broker on their
 * own ports and data folder, started with the same infra scripts as `npm start`, and the worker and bridge as
 * child processes this runner can kill. Nothing here touches the default stack on 7233/9092.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOLBOM_PRINCIPALS } from '../events/kafka-acls';
import { localKafkaEnv } from '../platform/local-kafka-credentials';
import { SANDBOX_WATCHDOG_FLAGS } from '../platform/sandbox-watchdog';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

export const FAULT_PORTS = {
  TEMPORAL_PORT: '17233',
  TEMPORAL_UI_PORT: '18233',
  TEMPORAL_HTTP_PORT: '17243',
  TEMPORAL_METRICS_PORT: '17235',
  KAFKA_PORT: '19092',
  KAFKA_CONTROLLER_PORT: '19093',
} as const;

export type AppName = 'worker' | 'bridge';

export interface StackEnv {
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

export function stackEnv(dataDir = path.join(ROOT, '.data', 'faults')): StackEnv {
  return {
    dataDir,
    env: {
      ...process.env,
      ...FAULT_PORTS,
      DOLBOM_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: `127.0.0.1:${FAULT_PORTS.TEMPORAL_PORT}`,
      TEMPORAL_UI_URL: `http://127.0.0.1:${FAULT_PORTS.TEMPORAL_UI_PORT}`,
      KAFKA_BROKERS: `127.0.0.1:${FAULT_PORTS.KAFKA_PORT}`,
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
  };
}

/** The infra scripts, pointed at the fault stack's ports and folder. */
export async function infra(s: StackEnv, script: string): Promise<void> {
  await run('bash', ['-c', script], { cwd: ROOT, env: s.env, timeout: 240_000 });
}

/** Starts the servers; from then on the runner's own clients connect as the admin principal of this stack. */
export async function serversUp(s: StackEnv): Promise<void> {
  await infra(s, 'bash infra/up.sh >/dev/null');
  Object.assign(s.env, localKafkaEnv(s.dataDir, DOLBOM_PRINCIPALS.admin));
}

/** How many record batches of a topic's log were written with each compression codec (Kafka's DumpLogSegments). */
export async function batchCodecs(s: StackEnv, topic: string): Promise<Record<string, number>> {
  const script = `source infra/env.sh && files=$(ls "$DOLBOM_DATA_DIR"/kafka/logs/${topic}-*/*.log | paste -sd, -) && java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$DOLBOM_ROOT/infra/kafka/log4j.properties" kafka.tools.DumpLogSegments --files "$files"`;
  const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, env: s.env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  const counts: Record<string, number> = {};
  for (const m of stdout.matchAll(/compresscodec: (\w+)/gi)) counts[m[1]!.toLowerCase()] = (counts[m[1]!.toLowerCase()] ?? 0) + 1;
  return counts;
}
export const stopServer = (s: StackEnv, name: 'temporal' | 'kafka') => infra(s, `source infra/env.sh && stop_daemon ${name}`);
export const serversDown = (s: StackEnv) => infra(s, 'source infra/env.sh && stop_daemon kafka && stop_daemon temporal');

/**
 * A Dolbom process under this runner's supervision, as a service manager would run it: started and waited for,
 * killed on purpose, and restarted a second after it died on its own (counted in `unexpectedExits`).
 */
export class App {
  private child: ChildProcess | undefined;
  private readonly logFile: string;
  private killing = false;
  private restarting: Promise<void> | undefined;
  exitedAt: number | undefined;
  /** The exit code of the last exit (null when a signal ended it). */
  lastExitCode: number | null | undefined;
  unexpectedExits = 0;

  constructor(
    readonly name: AppName,
    private readonly s: StackEnv,
  ) {
    fs.mkdirSync(path.join(s.dataDir, 'logs'), { recursive: true });
    this.logFile = path.join(s.dataDir, 'logs', `${name}.log`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it and resolves once it logged that it started (the worker bundles its workflows first). */
  async start(extraEnv: NodeJS.ProcessEnv = {}, readyTimeoutMs = 120_000): Promise<void> {
    this.killing = false;
    const from = this.logSize();
    const out = fs.openSync(this.logFile, 'a');
    const flags = this.name === 'worker' ? SANDBOX_WATCHDOG_FLAGS : [];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', `workers/${this.name}-main.ts`], {
      cwd: ROOT,
      // Each app connects as its own principal, with only its rights (events/kafka-acls.ts).
      env: { ...this.s.env, ...localKafkaEnv(this.s.dataDir, DOLBOM_PRINCIPALS[this.name]), ...extraEnv },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.child = child;
    child.once('exit', (code) => {
      this.exitedAt = Date.now();
      this.lastExitCode = code;
      if (this.killing || this.child !== child) return;
      this.unexpectedExits += 1;
      this.restarting = new Promise((r) => setTimeout(r, 1000)).then(() => this.start());
    });
    const started = `"msg":"${this.name} started"`;
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (this.readLog(from).includes(started)) return;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited while starting; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not start in ${readyTimeoutMs} ms; see ${this.logFile}`);
  }

  /** Resolves once a restart after an unexpected exit has completed (at once when none is pending). */
  async restarted(): Promise<void> {
    await this.restarting;
  }

  /** Resolves when the process has exited (however it ended). */
  exited(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => c.once('exit', () => resolve()));
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.killing = true;
    this.child?.kill(signal);
    await this.exited();
  }

  readLog(fromByte = 0): string {
    if (!fs.existsSync(this.logFile)) return '';
    const fd = fs.openSync(this.logFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - fromByte));
      fs.readSync(fd, buf, 0, buf.length, fromByte);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  }

  logSize(): number {
    return fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
  }
}
