/**
 * npm run bench -- [--cases N] [--concurrency C] [--rate R] [--skip-baseline] [--warmup N] [--stack single|cluster]
 *
 * Measures the running system (npm start; with --stack cluster, npm run cluster:up: bench/stack.ts) in one run: N synthetic cases through the HTTP API, Kafka, the
 * provider simulator and the bridge (throughput, per-action latency, the referral round trip, RSS of the
 * worker, bridge and API, Temporal database growth per case), then a bare Temporal workflow of the same
 * shape on the same server at the same concurrency (the baseline), and the ratio of the two throughputs. Each
 * path first runs `--warmup` cases of its own, not measured: the broker's JVM, the processes' JIT and the
 * server's caches are then warm for both, as in service (without it the Dolbom path, which goes first, pays
 * for warming what the baseline then uses). The baseline runs twice, before and after the Dolbom phase, and the
 * ratio is taken against the mean of the two: a shared VM's speed drifts over minutes (the baseline's CPU per case
 * moved by a third between runs of the same code, docs/performance.md), and a Dolbom phase between two baseline
 * phases sees that drift cancel. The first baseline takes its shape from the warm-up's cases; without a warm-up only
 * the second runs.
 * The Temporal server's own metrics are scraped during the Dolbom phase (bench/temporal-metrics.ts).
 * Prints a table; writes bench/results/latest.json (and a timestamped copy, and latest-<stack>.json, which
 * bench/compare-stacks.ts puts side by side) and bench/results/latest.html.
 */
import { connectTemporalClient, connectTemporalWorker } from '../platform/temporal-connection';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateLocalSigningKey } from '../api/auth/tokens';
import { CARE_DOMAINS } from '../domain/codes';
import { bootstrap } from '../platform/bootstrap';
import { createDurableProducer } from '../platform/durable-producer';
import { localConnectedProviders } from '../simulator/local-providers';
import { startProviderSimulator } from '../simulator/provider-simulator';
import { apiReady, createApiClient } from './api-client';
import { BENCH_OPTIONS, BenchArgs, USAGE } from './args';
import { cliOptions } from '../platform/cli';
import type { BaselineShape } from './baseline.workflow';
import { BASELINE_ACTIONS, createBaselineWorker, runBaselinePhase } from './baseline-path';
import { DOLBOM_ACTIONS, hookAcceptedResponses, runDolbomPhase, type PublishTimes } from './dolbom-path';
import { countCase, shapeFrom, type CaseCounts } from './history-counts';
import { BROKER_AUTH_RESULTS } from './broker-auth';
import { cpuSummary, rssSummary, SAMPLED_PROCESSES, startRssSampler, temporalDbBytes } from './memory';
import { createProgress } from './progress';
import { probeCaseReads, type ReadProbe } from './probe';
import { makeRecipients } from './recipients';
import { roundTripBreakdown } from './round-trip';
import { renderHtml } from './report-html';
import {
  BASELINE_PHASES,
  CONSOLE_RESULTS,
  headlineRows,
  textReport,
  throughputRatio,
  type BaselineResults,
  type BenchResults,
  type ConsoleCaseloadFile,
  type PathResults,
} from './results';
import { LatencyRecorder, summarize, throughput } from './stats';
import { useStack } from './stack';
import {
  scrape,
  startScraper,
  temporalServerReport,
  temporalServerText,
  temporalWorkPerCase,
  temporalWorkText,
  type TemporalWorkPerCase,
} from './temporal-metrics';

/** The baseline polls its progress query (it has no stream of changes); a child not there yet is retried. */
const POLL_MS = 200;
const RETRY_MS = 20;
/** A Dolbom case is read when its stream says it changed, or after this without a change. */
const FALLBACK_READ_MS = 2000;
const SAMPLE_EVERY = 4;
const CASE_TIMEOUT_MS = 120_000;
const SETTLE_MS = 2000;
/** The warm-up's recipients are other people than the measured ones. */
const WARMUP_SEED = 2033;
/** Used when no Dolbom case finished to count from (the shape of a 3-line case as designed). */
const FALLBACK_SHAPE: BaselineShape = {
  parentActivities: 8,
  parentUpdates: 7,
  children: 3,
  childActivities: 3,
  childUpdates: 1,
  childSignals: 2,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One measured baseline phase: its name, its figures and what it asked of the Temporal server. */
interface MeasuredBaseline {
  phase: string;
  results: BaselineResults;
  work: TemporalWorkPerCase;
}

/** The given cases' histories counted (bench/history-counts.ts); one that cannot be read is left out, with a warning. */
async function countCases(client: Client, samples: readonly { caseId: string; referralIds: string[] }[]): Promise<CaseCounts[]> {
  const counted: CaseCounts[] = [];
  for (const sample of samples) {
    try {
      counted.push(await countCase(client, sample.caseId, sample.referralIds));
    } catch (err) {
      process.stderr.write(`warning: could not count the history of ${sample.caseId}: ${(err as Error).message}\n`);
    }
  }
  return counted;
}

async function main(): Promise<void> {
  const opts = cliOptions(BENCH_OPTIONS, BenchArgs, USAGE);
  const stack = useStack(opts.stack);
  const apiBase = stack.apiBase;
  const ready = await apiReady(apiBase);
  if (!ready.ok) {
    const start = opts.stack === 'cluster' ? 'npm run cluster:up' : 'npm start';
    process.stderr.write(`The Dolbom API at ${apiBase} is not ready (${ready.detail}).\nStart the system first: ${start}\n`);
    process.exit(1);
  }

  // The platform's logger writes to stdout, where the table goes: only errors from here (LOG_LEVEL overrides).
  process.env.LOG_LEVEL ??= 'error';
  const { config, logger, kafka, topics } = await bootstrap('bench');
  const dataDir = config.DOLBOM_DATA_DIR;
  const runId = `${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 6)}`;
  const t0 = Date.now();
  const startedAt = new Date(t0).toISOString();
  const progress = createProgress();
  let phase = 'setup';
  const phases: { name: string; fromS: number; toS: number }[] = [];
  const enter = (name: string) => {
    const now = (Date.now() - t0) / 1000;
    const open = phases.at(-1);
    if (open && open.toS < 0) open.toS = now;
    phase = name;
    phases.push({ name, fromS: now, toS: -1 });
  };
  const sampler = startRssSampler(dataDir, t0, () => phase);
  const missing = SAMPLED_PROCESSES.filter((n) => sampler.pids[n] === undefined);
  if (missing.length > 0)
    process.stderr.write(`warning: no running pid in ${dataDir}/run for ${missing.join(', ')}; their memory is not sampled\n`);

  const key = await loadOrCreateLocalSigningKey(dataDir);
  const connection = await connectTemporalClient(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const native = opts.skipBaseline ? undefined : await connectTemporalWorker(config);
  const baselineQueue = `bench-baseline-${runId}`;
  if (native) progress.done('bundling the baseline workflow...');
  const baselineWorker = native
    ? await createBaselineWorker({ connection: native, namespace: config.TEMPORAL_NAMESPACE, taskQueue: baselineQueue })
    : undefined;

  // The provider simulator, in process, on a fresh consumer group that starts at the end of the request
  // topics (not at their beginning, which would answer every referral ever requested on this broker).
  const groupId = `dolbom-bench-providers-${runId}`;
  const admin = kafka.admin();
  await admin.connect();
  // Explicit high watermarks: resetOffsets({ earliest: false }) commits -1, which the simulator's
  // fromBeginning subscription reads as "no offset" and starts from the beginning after all.
  for (const d of CARE_DOMAINS) {
    const topic = topics.referralRequests(d);
    const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
    await admin.setOffsets({ groupId, topic, partitions });
  }
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const published = new Map<string, PublishTimes>();
  const sim = await startProviderSimulator({
    kafka,
    producer: hookAcceptedResponses(producer, published),
    topics,
    logger,
    // Connected providers answer as themselves, on their own topics (their answers are not timed: hookAcceptedResponses
    // sees the shared producer only).
    connectedProviders: await localConnectedProviders({
      dataDir: config.DOLBOM_DATA_DIR,
      brokers: config.KAFKA_BROKERS,
      topics,
      logger,
      clientId: `${config.KAFKA_CLIENT_ID}-bench`,
    }),
    acceptRate: 1,
    delayMs: 0,
    groupId,
  });

  // ---- Dolbom ----
  const recipients = makeRecipients(opts.cases);
  const dolbomRec = new LatencyRecorder();
  const api = createApiClient(apiBase, dolbomRec);
  const line = (label: string, p: { done: number; failed: number; inFlight: number; startedAt?: number }, n: number) => {
    const s = p.startedAt ? (Date.now() - p.startedAt) / 1000 : 0;
    return `[${label}] ${p.done}/${n} done · ${p.failed} failed · ${p.inFlight} in flight · ${s > 0 ? (p.done / s).toFixed(2) : '0.00'} cases/s · ${s.toFixed(0)} s`;
  };
  /**
   * The baseline's worker runs from its warm-up to its last phase (idle while the Dolbom phase runs); `measure` runs
   * one measured phase of it, warming it up first the first time.
   */
  const startBaselinePath = (worker: Worker, nativeConnection: NativeConnection) => {
    const running = worker.run();
    running.catch(() => undefined);
    let warmed = false;
    return {
      async measure(name: string, shape: BaselineShape): Promise<MeasuredBaseline> {
        const common = {
          client,
          connection: nativeConnection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: baselineQueue,
          concurrency: opts.concurrency,
          shape,
          pollMs: POLL_MS,
          retryMs: RETRY_MS,
          caseTimeoutMs: CASE_TIMEOUT_MS,
        };
        if (!warmed && opts.warmup > 0) {
          enter('baseline warm-up');
          await runBaselinePhase({
            ...common,
            runId: `${runId}-warm`,
            cases: opts.warmup,
            recorder: new LatencyRecorder(),
            onProgress: (p) => progress.update(line('baseline warm-up', p, opts.warmup)),
          });
        }
        warmed = true;
        const dbBefore = temporalDbBytes(dataDir).total;
        const metrics = await scrape(stack.temporalProcesses);
        enter(name);
        const rec = new LatencyRecorder();
        const b = await runBaselinePhase({
          ...common,
          // Workflow ids differ between the two phases.
          runId: name === BASELINE_PHASES.after ? runId : `${runId}-${name.replace(/\W+/g, '-')}`,
          cases: opts.cases,
          ...(opts.rate ? { rate: opts.rate } : {}),
          recorder: rec,
          onProgress: (p) => progress.update(line(name, p, opts.cases)),
        });
        const work = temporalWorkPerCase(metrics, await scrape(stack.temporalProcesses), b.doneAt.length);
        progress.done(
          line(name, { done: b.doneAt.length, failed: b.failures.length, inFlight: 0, startedAt: b.startedAt }, opts.cases).replace(
            / · \d+ s$/,
            ` · ${((b.endedAt - b.startedAt) / 1000).toFixed(1)} s`,
          ),
        );
        enter('settle');
        await sleep(SETTLE_MS);
        return {
          phase: name,
          work,
          results: {
            ...pathResults(opts.cases, b, rec, BASELINE_ACTIONS, dbBefore, temporalDbBytes(dataDir).total),
            shape,
            taskQueue: baselineQueue,
            childUpdateRetries: b.childUpdateRetries,
          },
        };
      },
      async stop() {
        worker.shutdown();
        await running;
      },
    };
  };
  /** The warm-up's finished cases, counted: the first baseline phase's shape (the Dolbom phase has not run yet). */
  const warmCounted: CaseCounts[] = [];
  if (opts.warmup > 0) {
    enter('dolbom warm-up');
    const warm = await runDolbomPhase({
      api: createApiClient(apiBase, new LatencyRecorder()),
      key,
      recipients: makeRecipients(opts.warmup, WARMUP_SEED),
      concurrency: opts.concurrency,
      published: new Map(),
      sampleEvery: SAMPLE_EVERY,
      fallbackReadMs: FALLBACK_READ_MS,
      caseTimeoutMs: CASE_TIMEOUT_MS,
      onProgress: (p) => progress.update(line('dolbom warm-up', p, opts.warmup)),
    });
    progress.done(line('dolbom warm-up', { ...warm, done: warm.doneAt.length, failed: warm.failures.length, inFlight: 0 }, opts.warmup));
    warmCounted.push(...(await countCases(client, warm.samples)));
  }

  // ---- the baseline, before ----
  const baseline = baselineWorker && native ? startBaselinePath(baselineWorker, native) : undefined;
  const baselineBefore =
    baseline && warmCounted.length > 0 ? await baseline.measure(BASELINE_PHASES.before, shapeFrom(warmCounted)) : undefined;
  if (baseline && !baselineBefore)
    process.stderr.write('warning: no warm-up cases to shape a baseline before the Dolbom phase; it runs after only\n');
  const dbBeforeDolbom = temporalDbBytes(dataDir).total;
  const metricsBefore = await scrape(stack.temporalProcesses);
  const scraper = startScraper(stack.temporalProcesses);
  enter('dolbom');
  const dolbom = await runDolbomPhase({
    api,
    key,
    recipients,
    concurrency: opts.concurrency,
    ...(opts.rate ? { rate: opts.rate } : {}),
    published,
    sampleEvery: SAMPLE_EVERY,
    fallbackReadMs: FALLBACK_READ_MS,
    caseTimeoutMs: CASE_TIMEOUT_MS,
    onProgress: (p) => progress.update(line('dolbom', p, opts.cases)),
  });
  progress.done(
    line(
      'dolbom',
      { done: dolbom.doneAt.length, failed: dolbom.failures.length, inFlight: 0, startedAt: dolbom.startedAt },
      opts.cases,
    ).replace(/ · \d+ s$/, ` · ${((dolbom.endedAt - dolbom.startedAt) / 1000).toFixed(1)} s`),
  );
  scraper.stop();
  const metricsAfter = await scrape(stack.temporalProcesses);
  const temporalServer = temporalServerReport(stack.temporalProcesses, metricsBefore, metricsAfter, scraper.samples);
  // The same counters over the baseline's phase below: what each path asks of the server, per case.
  const temporalWork: Record<string, TemporalWorkPerCase> = {
    dolbom: temporalWorkPerCase(metricsBefore, metricsAfter, dolbom.doneAt.length),
  };
  enter('settle');
  await sleep(SETTLE_MS);
  const dbAfterDolbom = temporalDbBytes(dataDir).total;

  // What a case costs Temporal, counted from the first finished cases' histories (the first one is reported).
  const counted = await countCases(client, dolbom.samples);
  const counts = counted[0];
  let breakdown: BenchResults['dolbom']['referralRoundTripMs']['breakdown'];
  try {
    breakdown = await roundTripBreakdown(client, dolbom.roundTrip.observations);
  } catch (err) {
    process.stderr.write(`warning: no round-trip breakdown: ${(err as Error).message}\n`);
  }
  await sim.stop();
  // What one read costs (the Dolbom path polls with it), on a finished case, the recorder left untouched.
  let readProbe: ReadProbe | undefined;
  const probeCase = dolbom.samples[0];
  if (probeCase) {
    enter('read probe');
    readProbe = await probeCaseReads({
      api: createApiClient(apiBase, new LatencyRecorder()),
      token: probeCase.caseworkerToken,
      caseId: probeCase.caseId,
      requests: Math.max(100, opts.concurrency * 10),
      concurrency: opts.concurrency,
      pids: sampler.pids,
    });
    enter('settle');
    await sleep(SETTLE_MS / 2);
  }
  await admin.deleteGroups([groupId]).catch(() => undefined);

  // ---- the baseline, after ----
  let baselineAfter: MeasuredBaseline | undefined;
  if (baseline) {
    // The same shape as before the Dolbom phase, so the two baseline phases do the same work.
    const shape = baselineBefore?.results.shape ?? (counted.length > 0 ? shapeFrom(counted) : FALLBACK_SHAPE);
    if (!baselineBefore && !counts)
      process.stderr.write(`warning: no Dolbom case history to count; the baseline uses the designed shape ${JSON.stringify(shape)}\n`);
    baselineAfter = await baseline.measure(BASELINE_PHASES.after, shape);
    await baseline.stop();
  }
  enter('done');
  sampler.stop();
  phases.at(-1)!.toS = (Date.now() - t0) / 1000;

  const dolbomResults: BenchResults['dolbom'] = {
    ...pathResults(opts.cases, dolbom, dolbomRec, DOLBOM_ACTIONS, dbBeforeDolbom, dbAfterDolbom),
    approvalToDoneMs: summarize(dolbom.approvalToDoneMs),
    intakeRetries: dolbom.intakeRetries,
    fallbackReads: dolbom.fallbackReads,
    referralRoundTripMs: {
      fromSend: summarize(dolbom.roundTrip.fromSendMs),
      fromAck: summarize(dolbom.roundTrip.fromAckMs),
      sendToAck: summarize(dolbom.roundTrip.sendToAckMs),
      toLiveUpdate: summarize(dolbom.roundTrip.toLiveUpdateMs),
      missingPublishTimes: dolbom.roundTrip.missingPublishTimes,
      ...(breakdown ? { breakdown } : {}),
    },
    ...(readProbe ? { readProbe } : {}),
    simulator: {
      requests: sim.stats.requests,
      distinctRequests: sim.stats.answers.size,
      accepted: sim.stats.accepted,
      declined: sim.stats.declined,
      notices: sim.stats.notices,
    },
  };
  const baselines = [baselineBefore, baselineAfter].filter((b): b is MeasuredBaseline => b !== undefined);
  for (const b of baselines) temporalWork[b.phase] = b.work;
  const measuredPhases = ['dolbom', ...baselines.map((b) => b.phase)];
  const cpu = Object.fromEntries(
    measuredPhases.map((p) => [p, cpuSummary(sampler.samples, p)]).filter(([, s]) => Object.keys(s as object).length > 0),
  ) as BenchResults['memory']['cpu'];
  const doneIn = (phase: string) =>
    Math.max(1, phase === 'dolbom' ? dolbomResults.done : (baselines.find((b) => b.phase === phase)?.results.done ?? 1));
  const cpuPerCaseMs = Object.fromEntries(
    Object.entries(cpu).map(([phase, procs]) => [
      phase,
      Object.fromEntries(Object.entries(procs).map(([p, c]) => [p, (c.cpuSeconds * 1000) / doneIn(phase)])),
    ]),
  );
  const brokerAuthCost = readBrokerAuthCost();
  const consoleCaseload = readConsoleCaseload();
  const results: BenchResults = {
    stack: opts.stack,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
      node: process.version,
      platform: os.platform(),
      release: os.release(),
    },
    parameters: {
      cases: opts.cases,
      concurrency: opts.concurrency,
      ...(opts.rate ? { rate: opts.rate } : {}),
      skipBaseline: opts.skipBaseline,
      warmup: opts.warmup,
      pollMs: POLL_MS,
      fallbackReadMs: FALLBACK_READ_MS,
      roundTripSampleEvery: SAMPLE_EVERY,
      apiBase,
      simulator: { acceptRate: 1, delayMs: 0, groupId },
    },
    dolbom: dolbomResults,
    temporalServer,
    temporalWorkPerCase: temporalWork,
    ...(counts ? { historyCounts: counts, historyCountsPerCase: counted.map((c) => ({ caseId: c.caseId, ...c.total })) } : {}),
    ...(baselineAfter
      ? {
          baseline: baselineAfter.results,
          ...(baselineBefore ? { baselineBefore: baselineBefore.results } : {}),
          ratio: throughputRatio(
            dolbomResults.throughput,
            baselines.map((b) => ({ phase: b.phase, throughput: b.results.throughput })),
          ),
        }
      : {}),
    cpuPerCaseMs,
    ...(brokerAuthCost ? { brokerAuthCost } : {}),
    ...(consoleCaseload ? { consoleCaseload } : {}),
    memory: {
      pids: sampler.pids,
      phases,
      summary: Object.fromEntries(
        measuredPhases.map((p) => [p, rssSummary(sampler.samples, p)]).filter(([, s]) => Object.keys(s as object).length > 0),
      ),
      cpu,
      samples: sampler.samples,
    },
  };

  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  fs.writeFileSync(path.join(dir, `${startedAt.replace(/[:.]/g, '-')}.json`), json);
  fs.writeFileSync(path.join(dir, `latest-${opts.stack}.json`), json);
  fs.writeFileSync(path.join(dir, 'latest.html'), renderHtml(results, headlineRows(results)));
  process.stdout.write(textReport(results));
  process.stdout.write(temporalServerText(temporalServer));
  process.stdout.write(temporalWorkText(temporalWork));
  process.stdout.write(
    `  Results: ${path.relative(process.cwd(), path.join(dir, 'latest.json'))}, ${path.relative(process.cwd(), path.join(dir, 'latest.html'))}\n`,
  );

  await admin.disconnect().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  await connection.close().catch(() => undefined);
  await native?.close().catch(() => undefined);
}

/** A path's figures over one measured phase. */
function pathResults(
  cases: number,
  r: { startedAt: number; doneAt: number[]; caseMs: number[]; failures: PathResults['failures'] },
  rec: LatencyRecorder,
  order: readonly string[],
  before: number,
  after: number,
): PathResults {
  return {
    cases,
    done: r.doneAt.length,
    failed: r.failures.length,
    failures: r.failures.slice(0, 20),
    throughput: throughput(r.startedAt, r.doneAt),
    caseMs: summarize(r.caseMs),
    latencyMs: rec.summaries(order),
    temporalDb: { beforeBytes: before, afterBytes: after, growthBytes: after - before, perCaseBytes: (after - before) / cases },
  };
}

/** A latest result another benchmark wrote, when it has been run. */
function readLatest<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The latest broker-auth micro-benchmark's figures (bench/broker-auth.ts), when it has been run. */
function readBrokerAuthCost(): BenchResults['brokerAuthCost'] {
  const r = readLatest<{ at: string } & Omit<NonNullable<BenchResults['brokerAuthCost']>, 'measuredAt'>>(BROKER_AUTH_RESULTS);
  return r && { measuredAt: r.at, ratio: r.ratio, listeners: r.listeners };
}

/** The latest console caseload figures (bench/console-caseload.ts), when it has been run. */
function readConsoleCaseload(): BenchResults['consoleCaseload'] {
  const r = readLatest<ConsoleCaseloadFile>(CONSOLE_RESULTS);
  return (
    r && {
      measuredAt: r.at,
      command: r.command,
      openCasesInDong: r.openCasesInDong,
      firstPageServerMs: r.firstPage.serverMs,
      allPagesServerMs: r.allPages.serverMs,
    }
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n(is the system running? npm start, or npm run cluster:up for --stack cluster)\n`,
    );
    process.exit(1);
  },
);
