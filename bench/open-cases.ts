/**
 * npm run bench:memory -- [--cases N (10000)] [--concurrency C (50)] [--idle-seconds S (180)]
 *
 * Memory with many open cases waiting on timers, on the running system (npm start): N cases in monitoring
 * (an approved plan, the next check months away) are started through the Temporal client from one real
 * template case (bench/open-case-template.ts), each runs its first workflow task and then sleeps on its
 * durable monitoring timer. The worker's RSS (and the other processes') is sampled every second while they
 * start and for S seconds after; prints start, peak, end and the slope over the idle tail, and writes
 * bench/results/open-cases-latest.json (and a timestamped copy).
 */
import { connectTemporalClient } from '../platform/temporal-connection';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { bootstrap } from '../platform/bootstrap';
import { cliOptions } from '../platform/cli';
import { createDataConverter } from '../platform/data-converter';
import { readPid, startRssSampler, vmRssMiB, type RssSample } from './memory';
import { buildTemplate, openCaseInput } from './open-case-template';
import { createProgress } from './progress';

const OPTIONS = { cases: { type: 'string' }, concurrency: { type: 'string' }, 'idle-seconds': { type: 'string' } } as const;
const Args = z
  .object({
    cases: z.coerce.number().int().min(1).default(10000),
    concurrency: z.coerce.number().int().min(1).max(500).default(50),
    'idle-seconds': z.coerce.number().int().min(10).default(180),
  })
  .transform(({ 'idle-seconds': idleSeconds, ...rest }) => ({ ...rest, idleSeconds }));
const USAGE = 'usage: npm run bench:memory -- [--cases N (10000)] [--concurrency C (50)] [--idle-seconds S (180)]';
const WAIT_TIMEOUT_MS = 30 * 60_000;

/** Least-squares slope of RSS against time, in MiB per minute. */
export function slopeMiBPerMin(points: readonly { t: number; v: number }[]): number {
  if (points.length < 2) return NaN;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.v - mv), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

function summary(samples: readonly RssSample[], name: string, idleFrom: number) {
  const all = samples.filter((s) => s.rssMiB[name] !== undefined);
  if (all.length === 0) return undefined;
  const idle = all.filter((s) => s.t >= idleFrom).map((s) => ({ t: s.t, v: s.rssMiB[name]! }));
  // The worker may still be finishing first tasks and collecting garbage early in the tail: the second half shows the settled trend.
  const settled = idle.slice(Math.floor(idle.length / 2));
  const first = all[0]!.rssMiB[name]!;
  return {
    startMiB: first,
    peakMiB: Math.max(...all.map((s) => s.rssMiB[name]!)),
    endMiB: all.at(-1)!.rssMiB[name]!,
    idleMinMiB: Math.min(...idle.map((p) => p.v)),
    idleMaxMiB: Math.max(...idle.map((p) => p.v)),
    idleSlopeMiBPerMin: slopeMiBPerMin(idle),
    settledMiB: settled.length ? settled.reduce((a, p) => a + p.v, 0) / settled.length : NaN,
    settledSlopeMiBPerMin: slopeMiBPerMin(settled),
  };
}

async function main(): Promise<void> {
  const opts = cliOptions(OPTIONS, Args, USAGE);
  process.env.LOG_LEVEL ??= 'error';
  const { config } = await bootstrap('bench-memory');
  const dataDir = config.DOLBOM_DATA_DIR;
  if (readPid(dataDir, 'worker') === undefined) {
    process.stderr.write(`No running worker (pid file in ${dataDir}/run). Start the system first: npm start\n`);
    process.exit(1);
  }
  const runId = randomUUID().slice(0, 8);
  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config).dataConverter });
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const progress = createProgress();

  progress.done('carrying a template case to monitoring...');
  const template = await buildTemplate(client, taskQueue, runId);
  const t0 = Date.now();
  let phase = 'before';
  const sampler = startRssSampler(dataDir, t0, () => phase);
  const workerRss = () => {
    const pid = sampler.pids.worker;
    return pid === undefined ? NaN : (vmRssMiB(pid) ?? NaN);
  };
  await new Promise((r) => setTimeout(r, 3000));

  // ---- start N cases ----
  phase = 'starting';
  const startedAt = new Date().toISOString();
  const startT = Date.now();
  let next = 0;
  let started = 0;
  let failed = 0;
  let waiting = 0;
  const line = () => {
    const s = (Date.now() - startT) / 1000;
    return `[open cases] ${started}/${opts.cases} started · ${waiting} waiting on their timer · ${failed} failed · ${(started / Math.max(s, 0.001)).toFixed(1)}/s · worker RSS ${workerRss().toFixed(0)} MiB · ${s.toFixed(0)} s`;
  };
  const ticker = setInterval(() => progress.update(line()), 500);
  const lane = async () => {
    while (next < opts.cases) {
      const i = next++;
      const { workflowId, input } = openCaseInput(template, runId, i);
      try {
        await client.workflow.start('caseWorkflow', { taskQueue, workflowId, args: [input] });
        started += 1;
      } catch (err) {
        failed += 1;
        if (failed <= 5) process.stderr.write(`\nstart of ${workflowId} failed: ${(err as Error).message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const startSeconds = (Date.now() - startT) / 1000;

  // ---- until each has run its first task (it sets what it is, DolbomKind, in that task) ----
  phase = 'settling';
  const query = `DolbomKind = 'case' AND ExecutionStatus = 'Running' AND StartTime >= '${startedAt}'`;
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    waiting = (await client.workflow.count(query)).count;
    progress.update(line());
    if (waiting >= started || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const allWaitingSeconds = (Date.now() - startT) / 1000;

  // ---- idle tail ----
  phase = 'idle';
  const idleFrom = (Date.now() - t0) / 1000;
  const idleEnd = Date.now() + opts.idleSeconds * 1000;
  while (Date.now() < idleEnd) {
    progress.update(`${line()} · idle ${Math.round((idleEnd - Date.now()) / 1000)} s left`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  clearInterval(ticker);
  sampler.stop();
  progress.done(line());

  const processes = Object.fromEntries(
    ['worker', 'bridge', 'api', 'temporal', 'kafka']
      .map((n) => [n, summary(sampler.samples, n, idleFrom)])
      .filter(([, s]) => s !== undefined),
  ) as Record<string, NonNullable<ReturnType<typeof summary>>>;
  const results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
      node: process.version,
    },
    parameters: { ...opts, runId, taskQueue, workerMaxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS },
    cases: { started, failed, waitingOnTimer: waiting, startSeconds, startRatePerSecond: started / startSeconds, allWaitingSeconds },
    rss: processes,
    samples: sampler.samples,
  };
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  fs.writeFileSync(path.join(dir, 'open-cases-latest.json'), json);
  fs.writeFileSync(path.join(dir, `open-cases-${startedAt.replace(/[:.]/g, '-')}.json`), json);

  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  const slope = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
  const out = [
    '',
    `Open cases waiting on timers  ${startedAt}  cases=${opts.cases} concurrency=${opts.concurrency} idle=${opts.idleSeconds}s  ${results.machine.cpus} CPUs, node ${process.version}`,
    `  ${started} started in ${startSeconds.toFixed(0)} s (${results.cases.startRatePerSecond.toFixed(1)}/s), ${failed} failed; ${waiting} waiting on their monitoring timer after ${allWaitingSeconds.toFixed(0)} s`,
    '',
    '  process    start MiB   peak MiB   end MiB   idle slope MiB/min   settled MiB (slope, 2nd half of the idle tail)',
    ...Object.entries(processes).map(
      ([n, s]) =>
        `  ${n.padEnd(9)} ${f(s.startMiB).padStart(10)} ${f(s.peakMiB).padStart(10)} ${f(s.endMiB).padStart(9)}   ${slope(s.idleSlopeMiBPerMin).padStart(18)}   ${f(s.settledMiB)} (${slope(s.settledSlopeMiBPerMin)})`,
    ),
    '',
    `  Results: ${path.relative(process.cwd(), path.join(dir, 'open-cases-latest.json'))}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
  await connection.close();
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(
        `\nbench:memory failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n(is the system running? npm start)\n`,
      );
      process.exit(1);
    },
  );
}
