/**
 * The Temporal server's own view of a benchmark run, from its Prometheus endpoints (the dev server's one, or each
 * process of the cluster, infra/cluster/env.sh): persistence latency per operation (the `persistence_latency`
 * histogram, the difference between a scrape before and one after the run) and the history shards each history
 * process owns (`numshards_gauge`), sampled during the run (a scrape that got no answer counts for nothing).
 */
export interface TemporalProcess {
  name: string;
  service: string;
  metricsUrl: string;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text format (the lines Temporal's tally reporter writes: name{labels} value). */
export function parseProm(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** Per operation: the histogram's cumulative buckets (upper bound in seconds -> count), count and sum. */
type Histograms = Map<string, { buckets: Map<number, number>; count: number; sum: number }>;

export interface Scrape {
  at: number;
  persistence: Histograms;
  /** Persistence requests per process (all operations). */
  requestsByProcess: Record<string, number>;
  /** History shards owned per history process. */
  shards: Record<string, number>;
  /** Calls the frontend served (`service_requests`) and tasks the history service ran (`task_requests`), by operation. */
  work: Map<string, number>;
}

async function fetchText(url: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

/** A scrape from each process's metrics text (the scrape below, without the network). */
export function readScrape(bodies: { name: string; body: string }[], at = Date.now()): Scrape {
  const persistence: Histograms = new Map();
  const requestsByProcess: Record<string, number> = {};
  const shards: Record<string, number> = {};
  const work = new Map<string, number>();
  for (const p of bodies) {
    for (const s of parseProm(p.body)) {
      const op = s.labels.operation ?? '?';
      if (s.name === 'numshards_gauge') shards[p.name] = (shards[p.name] ?? 0) + s.value;
      const counted = workKey(s);
      if (counted) work.set(counted, (work.get(counted) ?? 0) + s.value);
      if (!s.name.startsWith('persistence_latency_')) continue;
      const h = persistence.get(op) ?? { buckets: new Map<number, number>(), count: 0, sum: 0 };
      persistence.set(op, h);
      if (s.name === 'persistence_latency_bucket') {
        const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
        h.buckets.set(le, (h.buckets.get(le) ?? 0) + s.value);
      } else if (s.name === 'persistence_latency_count') {
        h.count += s.value;
        requestsByProcess[p.name] = (requestsByProcess[p.name] ?? 0) + s.value;
      } else if (s.name === 'persistence_latency_sum') h.sum += s.value;
    }
  }
  return { at, persistence, requestsByProcess, shards, work };
}

export async function scrape(processes: TemporalProcess[]): Promise<Scrape> {
  return readScrape(await Promise.all(processes.map(async (p) => ({ name: p.name, body: await fetchText(p.metricsUrl) }))));
}

/**
 * The work a counter stands for, or undefined for one not counted: a call to the frontend (a client's or a
 * worker's: `frontend PollWorkflowTaskQueue`) or a task of the history service's queues (`task
 * VisibilityTaskUpsertExecution`), whatever the namespace or process.
 */
export function workKey(s: { name: string; labels: Record<string, string> }): string | undefined {
  const op = s.labels.operation;
  if (!op) return undefined;
  if (s.name === 'service_requests' && s.labels.service_name === 'frontend') return `frontend ${op}`;
  if (s.name === 'task_requests') return `task ${op}`;
  return undefined;
}

/** What one case asked of Temporal in a phase: persistence calls, frontend calls and history tasks, per case. */
export interface TemporalWorkPerCase {
  cases: number;
  persistence: Record<string, number>;
  /** `frontend <operation>` and `task <operation>`, the ones above 0.05 a case. */
  work: Record<string, number>;
}

export function temporalWorkPerCase(before: Scrape, after: Scrape, cases: number): TemporalWorkPerCase {
  const per = (n: number) => Math.round((n / Math.max(1, cases)) * 100) / 100;
  const persistence: Record<string, number> = {};
  let all = 0;
  for (const [op, h] of after.persistence) {
    const n = h.count - (before.persistence.get(op)?.count ?? 0);
    if (n <= 0) continue;
    all += n;
    persistence[op] = per(n);
  }
  const work: Record<string, number> = {};
  for (const [k, v] of after.work) {
    const n = per(v - (before.work.get(k) ?? 0));
    if (n >= 0.05) work[k] = n;
  }
  return { cases, persistence: { all: per(all), ...persistence }, work };
}

export interface PersistenceRow {
  operation: string;
  count: number;
  meanMs: number;
  /** Upper bounds of the histogram buckets the quantile falls in. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface TemporalServerReport {
  processes: { name: string; service: string; persistenceRequests: number; shardsAtEnd?: number; shardsSeen?: number[] }[];
  /** The operations with most calls during the run, and `all` of them together. */
  persistence: PersistenceRow[];
}

function quantileMs(buckets: Map<number, number>, count: number, q: number): number {
  const target = q * count;
  for (const [le, n] of [...buckets].sort((a, b) => a[0] - b[0])) if (n >= target) return le * 1000;
  return Infinity;
}

/** What the run added between two scrapes; `samples` taken in between give the shard counts seen per process. */
export function temporalServerReport(
  processes: TemporalProcess[],
  before: Scrape,
  after: Scrape,
  samples: Scrape[],
  top = 6,
): TemporalServerReport {
  const rows: PersistenceRow[] = [];
  const all = { buckets: new Map<number, number>(), count: 0, sum: 0 };
  for (const [op, h] of after.persistence) {
    const b = before.persistence.get(op);
    const count = h.count - (b?.count ?? 0);
    if (count <= 0) continue;
    const sum = h.sum - (b?.sum ?? 0);
    const buckets = new Map([...h.buckets].map(([le, n]) => [le, n - (b?.buckets.get(le) ?? 0)]));
    for (const [le, n] of buckets) all.buckets.set(le, (all.buckets.get(le) ?? 0) + n);
    all.count += count;
    all.sum += sum;
    rows.push({
      operation: op,
      count,
      meanMs: (sum / count) * 1000,
      p50Ms: quantileMs(buckets, count, 0.5),
      p95Ms: quantileMs(buckets, count, 0.95),
      p99Ms: quantileMs(buckets, count, 0.99),
    });
  }
  rows.sort((a, b) => b.count - a.count);
  const total: PersistenceRow[] =
    all.count > 0
      ? [
          {
            operation: 'all',
            count: all.count,
            meanMs: (all.sum / all.count) * 1000,
            p50Ms: quantileMs(all.buckets, all.count, 0.5),
            p95Ms: quantileMs(all.buckets, all.count, 0.95),
            p99Ms: quantileMs(all.buckets, all.count, 0.99),
          },
        ]
      : [];
  return {
    processes: processes.map((p) => ({
      name: p.name,
      service: p.service,
      persistenceRequests: (after.requestsByProcess[p.name] ?? 0) - (before.requestsByProcess[p.name] ?? 0),
      ...(after.shards[p.name] !== undefined
        ? {
            shardsAtEnd: after.shards[p.name],
            shardsSeen: [...new Set(samples.flatMap((s) => (s.shards[p.name] === undefined ? [] : [s.shards[p.name]!])))],
          }
        : {}),
    })),
    persistence: [...total, ...rows.slice(0, top)],
  };
}

/** Samples the endpoints every `everyMs` until stopped (the shard ownership during the run). */
export function startScraper(processes: TemporalProcess[], everyMs = 5000): { samples: Scrape[]; stop(): void } {
  const samples: Scrape[] = [];
  const timer = setInterval(() => void scrape(processes).then((s) => samples.push(s)), everyMs);
  return { samples, stop: () => clearInterval(timer) };
}

/** The two phases' work per case side by side, the rows where either asked for at least `min` a case. */
export function temporalWorkText(phases: Record<string, TemporalWorkPerCase>, min = 0.5): string {
  const names = Object.keys(phases);
  const rows = new Map<string, number[]>();
  for (const [i, name] of names.entries()) {
    const p = phases[name]!;
    const entries = [...Object.entries(p.persistence).map(([k, v]) => [`persistence ${k}`, v] as const), ...Object.entries(p.work)];
    for (const [k, v] of entries) {
      const row = rows.get(k) ?? names.map(() => 0);
      row[i] = v;
      rows.set(k, row);
    }
  }
  const out = ['', `  Temporal's work per case (its Prometheus counters over each phase)   ${names.map((n) => n.padStart(9)).join('')}`];
  for (const [k, row] of [...rows].filter(([, r]) => Math.max(...r) >= min).sort((a, b) => Math.max(...b[1]) - Math.max(...a[1])))
    out.push(`    ${k.padEnd(64)} ${row.map((v) => v.toFixed(1).padStart(9)).join('')}`);
  return `${out.join('\n')}\n`;
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '>max');

export function temporalServerText(r: TemporalServerReport): string {
  const out = ['', '  Temporal server (its Prometheus endpoints, during the Dolbom phase)'];
  for (const p of r.processes)
    out.push(
      `    ${p.name.padEnd(20)} ${p.service.padEnd(9)} persistence requests ${String(p.persistenceRequests).padStart(7)}${
        p.shardsAtEnd !== undefined ? `   shards owned ${p.shardsAtEnd} (seen: ${p.shardsSeen!.join(', ')})` : ''
      }`,
    );
  out.push('    persistence latency (ms)       calls    mean     p50     p95     p99   (quantiles: bucket upper bounds)');
  for (const row of r.persistence)
    out.push(
      `    ${row.operation.padEnd(28)} ${String(row.count).padStart(7)} ${ms(row.meanMs).padStart(7)} ${ms(row.p50Ms).padStart(7)} ${ms(row.p95Ms).padStart(7)} ${ms(row.p99Ms).padStart(7)}`,
    );
  return `${out.join('\n')}\n`;
}
