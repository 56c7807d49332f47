/** Percentiles, latency summaries and throughput windows. Pure functions. */

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : NaN;
  return {
    count: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Wall times (ms) per named action, plus failures per action. */
export class LatencyRecorder {
  readonly samples = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  record(action: string, ms: number): void {
    const list = this.samples.get(action) ?? [];
    list.push(ms);
    this.samples.set(action, list);
  }
  fail(action: string): void {
    this.errors.set(action, (this.errors.get(action) ?? 0) + 1);
  }
  summaries(order: readonly string[] = []): Record<string, Summary & { errors: number; totalMs: number }> {
    const names = [
      ...new Set([...order.filter((n) => this.samples.has(n) || this.errors.has(n)), ...this.samples.keys(), ...this.errors.keys()]),
    ];
    return Object.fromEntries(
      names.map((n) => {
        const v = this.samples.get(n) ?? [];
        return [n, { ...summarize(v), errors: this.errors.get(n) ?? 0, totalMs: v.reduce((s, x) => s + x, 0) }];
      }),
    );
  }
}

export interface Throughput {
  /** Cases done per second, from the first case's start to the last case's end. */
  casesPerSecond: number;
  /** Median over full 10 s windows of cases done per second (the overall figure when no window is full). */
  sustainedCasesPerSecond: number;
  windowsCasesPerSecond: number[];
  elapsedSeconds: number;
  /** Per second since the start: cases done in the trailing 5 s, per second. */
  series: { t: number; rate: number; done: number }[];
}

export function throughput(startMs: number, doneAtMs: readonly number[], windowMs = 10_000): Throughput {
  const done = [...doneAtMs].sort((a, b) => a - b);
  const endMs = done.at(-1) ?? startMs;
  const elapsed = Math.max(1, endMs - startMs) / 1000;
  const casesPerSecond = done.length / elapsed;
  const windows: number[] = [];
  for (let w = startMs; w + windowMs <= endMs; w += windowMs) {
    windows.push(done.filter((t) => t >= w && t < w + windowMs).length / (windowMs / 1000));
  }
  const series: Throughput['series'] = [];
  for (let s = 1; s <= Math.ceil(elapsed); s++) {
    const at = startMs + s * 1000;
    const trailing = done.filter((t) => t <= at && t > at - 5000).length;
    series.push({ t: s, rate: trailing / Math.min(5, s), done: done.filter((t) => t <= at).length });
  }
  return {
    casesPerSecond,
    sustainedCasesPerSecond: windows.length > 0 ? median(windows) : casesPerSecond,
    windowsCasesPerSecond: windows,
    elapsedSeconds: elapsed,
    series,
  };
}
