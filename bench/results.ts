/** The shape of bench/results/*.json, and the figures printed as a table. */
import type { TemporalServerReport, TemporalWorkPerCase } from './temporal-metrics';
import type { CaseCounts, HistoryCounts } from './history-counts';
import type { BaselineShape } from './baseline.workflow';
import { MACHINE_CPU, type RssSample } from './memory';
import type { ReadProbe } from './probe';
import { SEGMENTS, type RoundTripBreakdown } from './round-trip';
import type { Summary, Throughput } from './stats';
import path from 'node:path';

/** Where `npm run bench:console` (bench/console-caseload.ts) writes its latest figures, which `npm run bench` copies. */
export const CONSOLE_RESULTS = path.join(__dirname, 'results', 'console-latest.json');

/** What bench/console-caseload.ts writes; `npm run bench` copies the server times. */
export interface ConsoleCaseloadFile {
  at: string;
  command: string;
  openCasesInDong: number;
  pageSize: number;
  firstPage: { serverMs: Summary; listMs: Summary; rowsMs: Summary; clientMs: Summary };
  allPages: { serverMs: Summary; clientMs: Summary };
}

export type LatencyTable = Record<string, Summary & { errors: number; totalMs: number }>;

export interface PathResults {
  cases: number;
  done: number;
  failed: number;
  failures: { index: number; caseId?: string; error: string }[];
  throughput: Throughput;
  caseMs: Summary;
  latencyMs: LatencyTable;
  temporalDb: { beforeBytes: number; afterBytes: number; growthBytes: number; perCaseBytes: number };
}

export interface BenchResults {
  /** The stack measured (bench/stack.ts); absent in results from before it could be chosen: the dev server's. */
  stack?: 'single' | 'cluster';
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; totalMemoryMiB: number; node: string; platform: string; release: string };
  parameters: {
    cases: number;
    concurrency: number;
    rate?: number;
    skipBaseline: boolean;
    /** Cases of each path run first, not measured (absent in runs before it existed: none). */
    warmup?: number;
    /** The baseline's progress poll. */
    pollMs: number;
    /** A Dolbom case is read on each change its stream brings, or after this long without one. */
    fallbackReadMs: number;
    roundTripSampleEvery: number;
    apiBase: string;
    simulator: { acceptRate: number; delayMs: number; groupId: string };
  };
  dolbom: PathResults & {
    approvalToDoneMs: Summary;
    intakeRetries: number;
    /** Reads made because the case's stream brought no change within fallbackReadMs. */
    fallbackReads?: number;
    /** The cost of one GET /cases/:id on a finished case, after the phase. */
    readProbe?: ReadProbe;
    referralRoundTripMs: {
      fromSend: Summary;
      fromAck: Summary;
      sendToAck: Summary;
      /** To the live update (the case's stream saying it changed) that preceded the read showing it. */
      toLiveUpdate?: Summary;
      missingPublishTimes: number;
      breakdown?: RoundTripBreakdown;
    };
    simulator: { requests: number; distinctRequests: number; accepted: number; declined: number; notices: number };
  };
  /** The Temporal server's metrics during the Dolbom phase (bench/temporal-metrics.ts). */
  temporalServer?: TemporalServerReport;
  /** What each path asked of the Temporal server per case, from its counters over each phase (bench/temporal-metrics.ts). */
  temporalWorkPerCase?: Record<string, TemporalWorkPerCase>;
  historyCounts?: CaseCounts;
  /** Totals (case + referrals) of each counted case; the baseline's shape is their rounded mean. */
  historyCountsPerCase?: ({ caseId: string } & HistoryCounts)[];
  /** The baseline after the Dolbom phase (or alone, without a warm-up to shape one before it). */
  baseline?: BaselineResults;
  /** The baseline before the Dolbom phase, with the same shape (from the warm-up's cases). */
  baselineBefore?: BaselineResults;
  ratio?: Ratio;
  /** Per phase and process: CPU ms per finished case (the phase's CPU seconds over its finished cases). */
  cpuPerCaseMs: Record<string, Record<string, number>>;
  /**
   * What the authenticated broker costs, from the latest `npm run bench:broker-auth` (bench/broker-auth.ts):
   * SASL_SSL over PLAINTEXT on one broker, with when it was measured.
   */
  brokerAuthCost?: {
    measuredAt: string;
    ratio: { roundTripP50: number; roundTripP99: number; clientCpuPerMessage: number; brokerCpuPerMessage: number };
    listeners: { listener: string; roundTripMs: Summary; clientCpuMsPerMessage: number; brokerCpuMsPerMessage: number }[];
  };
  /** The console's caseload page, from the latest `npm run bench:console` (bench/console-caseload.ts). */
  consoleCaseload?: {
    measuredAt: string;
    command: string;
    openCasesInDong: number;
    firstPageServerMs: Summary;
    allPagesServerMs: Summary;
  };
  memory: {
    pids: Record<string, number | undefined>;
    phases: { name: string; fromS: number; toS: number }[];
    summary: Record<string, Record<string, { minMiB: number; maxMiB: number; meanMiB: number; startMiB: number; endMiB: number }>>;
    /** Per phase and process: CPU seconds used and the share of one core over the phase. */
    cpu: Record<string, Record<string, { cpuSeconds: number; coreShare: number }>>;
    samples: RssSample[];
  };
}

/** One baseline phase's figures. */
export type BaselineResults = PathResults & { shape: BaselineShape; taskQueue: string; childUpdateRetries: number };

/** The names of the measured baseline phases (bench/run.ts), as `memory.cpu`, `cpuPerCaseMs` and the ratio name them. */
export const BASELINE_PHASES = { before: 'baseline before', after: 'baseline' } as const;

/**
 * Dolbom's throughput over the baseline's: against the mean of the baseline phases around the Dolbom phase, which
 * cancels a drift of the machine's speed that is steady over the run, and against each of them.
 */
export interface Ratio {
  throughput: number;
  sustained: number;
  against?: { phase: string; throughput: number; sustained: number }[];
}

export function throughputRatio(
  dolbom: PathResults['throughput'],
  baselines: readonly { phase: string; throughput: PathResults['throughput'] }[],
): Ratio {
  const mean = (pick: (t: PathResults['throughput']) => number) =>
    baselines.reduce((sum, b) => sum + pick(b.throughput), 0) / Math.max(1, baselines.length);
  return {
    throughput: dolbom.casesPerSecond / mean((t) => t.casesPerSecond),
    sustained: dolbom.sustainedCasesPerSecond / mean((t) => t.sustainedCasesPerSecond),
    against: baselines.map((b) => ({
      phase: b.phase,
      throughput: dolbom.casesPerSecond / b.throughput.casesPerSecond,
      sustained: dolbom.sustainedCasesPerSecond / b.throughput.sustainedCasesPerSecond,
    })),
  };
}

/** CPU ms per case of every process together, per measured phase: the machine's busy CPU, or the processes' sum without it. */
export function cpuPerCaseTotal(r: Pick<BenchResults, 'cpuPerCaseMs'>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(r.cpuPerCaseMs).map(([phase, procs]) => [phase, procs[MACHINE_CPU] ?? Object.values(procs).reduce((a, b) => a + b, 0)]),
  );
}

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');
const kib = (b: number) => `${f(b / 1024, 1)} KiB`;

export function headlineRows(r: BenchResults): [string, string][] {
  const d = r.dolbom;
  const b = r.baseline;
  const rows: [string, string][] = [
    ['Dolbom cases done / failed', `${d.done} / ${d.failed}`],
    [
      'Dolbom throughput (first intake to last done)',
      `${f(d.throughput.casesPerSecond, 2)} cases/s over ${f(d.throughput.elapsedSeconds)} s`,
    ],
    [
      'Dolbom sustained (median of 10 s windows)',
      `${f(d.throughput.sustainedCasesPerSecond, 2)} cases/s (${d.throughput.windowsCasesPerSecond.length} windows)`,
    ],
    ['Dolbom case wall time p50 / p95', `${f(d.caseMs.p50, 0)} / ${f(d.caseMs.p95, 0)} ms`],
    ['Dolbom approval to all accepted p50 / p95', `${f(d.approvalToDoneMs.p50, 0)} / ${f(d.approvalToDoneMs.p95, 0)} ms`],
    [
      `Referral round trip (n=${d.referralRoundTripMs.fromSend.count}) p50/p95/p99`,
      `${f(d.referralRoundTripMs.fromSend.p50, 0)} / ${f(d.referralRoundTripMs.fromSend.p95, 0)} / ${f(d.referralRoundTripMs.fromSend.p99, 0)} ms (from broker ack: ${f(d.referralRoundTripMs.fromAck.p50, 0)} / ${f(d.referralRoundTripMs.fromAck.p95, 0)} / ${f(d.referralRoundTripMs.fromAck.p99, 0)})`,
    ],
    ...(d.referralRoundTripMs.toLiveUpdate
      ? [
          [
            'Referral round trip to the live update p50/p95/p99',
            `${f(d.referralRoundTripMs.toLiveUpdate.p50, 0)} / ${f(d.referralRoundTripMs.toLiveUpdate.p95, 0)} / ${f(d.referralRoundTripMs.toLiveUpdate.p99, 0)} ms (the read that followed ends the round trip above)`,
          ] as [string, string],
        ]
      : []),
    ['Simulator requests answered (distinct)', `${d.simulator.requests} (${d.simulator.distinctRequests}) for ${d.cases} cases`],
    [
      'Temporal DB growth per Dolbom case',
      `${kib(d.temporalDb.perCaseBytes)} (${kib(d.temporalDb.beforeBytes)} -> ${kib(d.temporalDb.afterBytes)})`,
    ],
  ];
  const bb = r.baselineBefore;
  if (bb) {
    rows.push(
      ['Baseline before the Dolbom phase: done / failed', `${bb.done} / ${bb.failed}`],
      ['Baseline before: throughput', `${f(bb.throughput.casesPerSecond, 2)} cases/s over ${f(bb.throughput.elapsedSeconds)} s`],
      ['Baseline before: sustained', `${f(bb.throughput.sustainedCasesPerSecond, 2)} cases/s`],
    );
  }
  if (b) {
    rows.push(
      [bb ? 'Baseline after the Dolbom phase: done / failed' : 'Baseline cases done / failed', `${b.done} / ${b.failed}`],
      ['Baseline throughput', `${f(b.throughput.casesPerSecond, 2)} cases/s over ${f(b.throughput.elapsedSeconds)} s`],
      [
        'Baseline sustained (median of 10 s windows)',
        `${f(b.throughput.sustainedCasesPerSecond, 2)} cases/s (${b.throughput.windowsCasesPerSecond.length} windows)`,
      ],
      ['Baseline case wall time p50 / p95', `${f(b.caseMs.p50, 0)} / ${f(b.caseMs.p95, 0)} ms`],
      ['Temporal DB growth per baseline case', kib(b.temporalDb.perCaseBytes)],
      ['Baseline child updates retried (child not found yet)', String(b.childUpdateRetries)],
    );
  }
  if (r.ratio) {
    const each = (r.ratio.against ?? []).length > 1 ? (r.ratio.against ?? []) : [];
    rows.push([
      each.length > 0 ? 'RATIO Dolbom / baseline throughput (mean of both)' : 'RATIO Dolbom / baseline throughput',
      `${f(r.ratio.throughput, 2)} (sustained ${f(r.ratio.sustained, 2)})${
        each.length > 0 ? `; against each: ${each.map((a) => `${a.phase} ${f(a.throughput, 2)} (${f(a.sustained, 2)})`).join(', ')}` : ''
      }`,
    ]);
  }
  const cpuTotal = cpuPerCaseTotal(r);
  const baselineCpu = [BASELINE_PHASES.before, BASELINE_PHASES.after].map((p) => cpuTotal[p]).filter((v): v is number => v !== undefined);
  if (cpuTotal.dolbom !== undefined && baselineCpu.length > 0) {
    const mean = baselineCpu.reduce((a, v) => a + v, 0) / baselineCpu.length;
    rows.push([
      'CPU per case, all processes: Dolbom / baseline',
      `${f(cpuTotal.dolbom, 0)} / ${f(mean, 0)} ms (${f(cpuTotal.dolbom / mean, 2)}x${baselineCpu.length > 1 ? `; baseline before ${f(baselineCpu[0]!, 0)}, after ${f(baselineCpu[1]!, 0)}` : ''})`,
    ]);
  }
  const c = r.consoleCaseload;
  if (c) {
    rows.push([
      `Console caseload page, ${c.openCasesInDong} open cases in a dong (${c.measuredAt})`,
      `first page server p50 / p95 / p99 ${f(c.firstPageServerMs.p50)} / ${f(c.firstPageServerMs.p95)} / ${f(c.firstPageServerMs.p99)} ms; pages in turn p95 ${f(c.allPagesServerMs.p95)} ms`,
    ]);
  }
  for (const [name, s] of Object.entries(r.memory.summary.dolbom ?? {})) {
    rows.push([`RSS ${name} during Dolbom phase (start/max/end)`, `${f(s.startMiB, 0)} / ${f(s.maxMiB, 0)} / ${f(s.endMiB, 0)} MiB`]);
  }
  return rows;
}

export function textReport(r: BenchResults): string {
  const out: string[] = [];
  const rows = headlineRows(r);
  const w = Math.max(...rows.map(([k]) => k.length));
  out.push(
    '',
    `Dolbom benchmark  ${r.startedAt}  cases=${r.parameters.cases} concurrency=${r.parameters.concurrency}${r.parameters.rate ? ` rate=${r.parameters.rate}/s` : ''}${r.parameters.warmup ? ` warm-up=${r.parameters.warmup}` : ''}  ${r.machine.cpus} CPUs, ${f(r.machine.totalMemoryMiB / 1024)} GiB, node ${r.machine.node}`,
    '',
  );
  for (const [k, v] of rows) out.push(`  ${k.padEnd(w)}  ${v}`);
  const latency = (title: string, t: LatencyTable) => {
    out.push(
      '',
      `  ${title}`,
      `    ${'action'.padEnd(22)} ${'count'.padStart(6)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} ${'err'.padStart(4)}  ms/case`,
    );
    const cases = Math.max(1, title.startsWith('Dolbom') ? r.dolbom.done : (r.baseline?.done ?? 1));
    for (const [a, s] of Object.entries(t)) {
      out.push(
        `    ${a.padEnd(22)} ${String(s.count).padStart(6)} ${f(s.p50).padStart(8)} ${f(s.p95).padStart(8)} ${f(s.p99).padStart(8)} ${f(s.max).padStart(8)} ${String(s.errors).padStart(4)}  ${f(s.totalMs / cases, 0).padStart(6)}`,
      );
    }
  };
  latency('Dolbom API latency (client wall time, ms)', r.dolbom.latencyMs);
  if (r.baseline) latency('Baseline Temporal client latency (ms)', r.baseline.latencyMs);
  if (r.historyCounts) {
    const t = r.historyCounts.total;
    out.push(
      '',
      `  One case's history (${r.historyCounts.caseId} + ${Object.keys(r.historyCounts.referrals).length} referrals): ${t.activitiesScheduled} activities, ${t.childrenStarted} children, ${t.signalsReceived} signals, ${t.updatesAccepted} updates, ${t.localActivityMarkers} local-activity markers, ${t.events} events`,
    );
  }
  if (r.historyCountsPerCase && r.historyCountsPerCase.length > 1) {
    out.push(
      `  Totals of the ${r.historyCountsPerCase.length} counted cases (activities/signals/updates): ${r.historyCountsPerCase.map((c) => `${c.activitiesScheduled}/${c.signalsReceived}/${c.updatesAccepted}`).join(', ')}`,
    );
  }
  if (r.baseline) out.push(`  Baseline shape (rounded mean of the counted cases): ${JSON.stringify(r.baseline.shape)}`);
  const failures = [
    ...r.dolbom.failures.map((x) => ({ ...x, path: 'dolbom' })),
    ...(r.baseline?.failures ?? []).map((x) => ({ ...x, path: 'baseline' })),
  ];
  const bd = r.dolbom.referralRoundTripMs.breakdown;
  if (bd && bd.referrals > 0) {
    out.push(
      '',
      `  Referral round trip, where the time goes (${bd.referrals} referrals, from their histories; ${bd.withRepeatedReports} took more than one report; ms)`,
      `    ${'segment'.padEnd(38)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)}`,
    );
    for (const [seg, s] of Object.entries(bd.segmentsMs))
      out.push(`    ${seg.padEnd(38)} ${f(s.p50).padStart(8)} ${f(s.p95).padStart(8)} ${f(s.p99).padStart(8)} ${f(s.mean).padStart(8)}`);
    if ((bd.slowest ?? []).length > 0) {
      out.push(`    The slowest round trips of the run, segment by segment (ms, in the order above):`);
      for (const a of bd.slowest ?? [])
        out.push(
          `      ${f(a.totalMs, 0).padStart(5)}  ${SEGMENTS.map((seg) => f(a.segmentsMs[seg], 0).padStart(5)).join(' ')}  ${a.referralId}`,
        );
    }
  }
  const rp = r.dolbom.readProbe;
  if (rp) {
    const polls = (r.dolbom.latencyMs['get case (on change)'] ?? r.dolbom.latencyMs['get case (poll)'])?.count ?? 0;
    const perCase = polls / Math.max(1, r.dolbom.done);
    out.push(
      '',
      `  One read, GET /cases/:id (${rp.requests} on a finished case, concurrency ${rp.concurrency}, ${f(rp.requests / rp.seconds)} req/s, p50 ${f(rp.latencyMs.p50)} ms${
        Object.keys(rp.failedByStatus ?? {}).length > 0
          ? `; failed: ${Object.entries(rp.failedByStatus)
              .map(([status, n]) => `${n} with HTTP ${status}`)
              .join(', ')}`
          : ''
      }): CPU ms per request`,
      `    ${Object.entries(rp.cpuMsPerRequest)
        .sort((a, b) => b[1] - a[1])
        .map(([n, v]) => `${n} ${f(v)}`)
        .join(' · ')}`,
      `    The Dolbom path read each case ${f(perCase)} times after approval, on its stream's changes (${r.dolbom.fallbackReads ?? 0} reads without one); action routes do not read first: the case checks the caller's area in the update's validator.`,
    );
  }
  for (const [phase, procs] of Object.entries(r.memory.cpu)) {
    out.push(
      '',
      `  CPU during the ${phase} phase (${r.machine.cpus} cores)`,
      `    ${'process'.padEnd(24)} ${'cpu s'.padStart(8)} ${'cores'.padStart(6)} ${'ms/case'.padStart(8)}`,
    );
    for (const [p, c] of Object.entries(procs).sort((a, b) => b[1].cpuSeconds - a[1].cpuSeconds)) {
      out.push(
        `    ${p.padEnd(24)} ${f(c.cpuSeconds).padStart(8)} ${f(c.coreShare, 2).padStart(6)} ${f(r.cpuPerCaseMs[phase]?.[p] ?? NaN, 0).padStart(8)}`,
      );
    }
  }
  if (r.brokerAuthCost) {
    const a = r.brokerAuthCost.ratio;
    out.push(
      '',
      `  Authenticated broker (npm run bench:broker-auth, ${r.brokerAuthCost.measuredAt}): SASL_SSL / PLAINTEXT round trip p50 ${f(a.roundTripP50, 2)}x, ` +
        `p99 ${f(a.roundTripP99, 2)}x; CPU per message client ${f(a.clientCpuPerMessage, 2)}x, broker ${f(a.brokerCpuPerMessage, 2)}x`,
    );
  }
  if (failures.length > 0) {
    out.push('', `  Failures (${failures.length}; first 5):`);
    for (const x of failures.slice(0, 5)) out.push(`    ${x.path} #${x.index}: ${x.error}`);
  }
  out.push('');
  return out.join('\n');
}
