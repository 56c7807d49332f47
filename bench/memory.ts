/**
 * Memory of the running system's processes (VmRSS from /proc/<pid>/status, pids from .data/run/*.pid) and
 * their CPU time (utime + stime from /proc/<pid>/stat), sampled every second, and the Temporal database's
 * size on disk.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The machine's busy CPU over every process (from /proc/stat), beside each sampled process's own. */
export const MACHINE_CPU = 'all processes (machine)';

export const SAMPLED_PROCESSES = ['worker', 'bridge', 'api'] as const;
/** Sampled too when their pid files exist, for context. */
export const CONTEXT_PROCESSES = ['temporal', 'kafka'] as const;

export interface RssSample {
  /** Seconds since the benchmark started. */
  t: number;
  phase: string;
  /** MiB per process name (absent when the process was not found). */
  rssMiB: Record<string, number>;
  /** CPU seconds (user + system) used so far, per process name. */
  cpuS: Record<string, number>;
}

export function readPid(dataDir: string, name: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'run', `${name}.pid`), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && fs.existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each process's children, from /proc. A pid file names the wrapper a process runs under (infra/as-principal.sh
 * execs infra/supervise.sh, whose child is the node process), so a process is measured with its descendants.
 */
export function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** The process and all its descendants. */
export function withDescendants(pid: number, children = childrenByParent()): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return all;
}

/** RSS of the process and its descendants, MiB; undefined when the process is gone. */
export function vmRssMiB(pid: number, children?: Map<number, number[]>): number | undefined {
  const own = ownRssMiB(pid);
  if (own === undefined) return undefined;
  return withDescendants(pid, children)
    .slice(1)
    .reduce((sum, p) => sum + (ownRssMiB(p) ?? 0), own);
}

function ownRssMiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) of the process and its live descendants; undefined when the process is gone. */
export function cpuSeconds(pid: number, children?: Map<number, number[]>): number | undefined {
  const own = ownCpuSeconds(pid);
  if (own === undefined) return undefined;
  return withDescendants(pid, children)
    .slice(1)
    .reduce((sum, p) => sum + (ownCpuSeconds(p) ?? 0), own);
}

function ownCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine (all cores, everything but idle and iowait), from /proc/stat. */
export function machineBusySeconds(): number | undefined {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    return (total - cpu[3]! - (cpu[4] ?? 0)) / USER_HZ;
  } catch {
    return undefined;
  }
}

export function startRssSampler(
  dataDir: string,
  t0: number,
  phase: () => string,
): { samples: RssSample[]; pids: Record<string, number | undefined>; stop(): void } {
  const names = [...SAMPLED_PROCESSES, ...CONTEXT_PROCESSES];
  const pids = Object.fromEntries(names.map((n) => [n, readPid(dataDir, n)]));
  const samples: RssSample[] = [];
  const sample = () => {
    const rssMiB: Record<string, number> = {};
    const cpuS: Record<string, number> = {};
    const children = childrenByParent();
    for (const n of names) {
      const pid = pids[n];
      const v = pid === undefined ? undefined : vmRssMiB(pid, children);
      if (v !== undefined) rssMiB[n] = v;
      const c = pid === undefined ? undefined : cpuSeconds(pid, children);
      if (c !== undefined) cpuS[n] = c;
    }
    rssMiB.bench = process.memoryUsage().rss / 1024 / 1024;
    const busy = machineBusySeconds();
    if (busy !== undefined) cpuS[MACHINE_CPU] = busy;
    const own = process.cpuUsage();
    cpuS.bench = (own.user + own.system) / 1e6;
    samples.push({ t: (Date.now() - t0) / 1000, phase: phase(), rssMiB, cpuS });
  };
  sample();
  const timer = setInterval(sample, 1000);
  return {
    samples,
    pids,
    stop() {
      clearInterval(timer);
      sample();
    },
  };
}

/** Per process: min, max and mean RSS over the samples of one phase (or all). */
export function rssSummary(
  samples: readonly RssSample[],
  phase?: string,
): Record<string, { minMiB: number; maxMiB: number; meanMiB: number; startMiB: number; endMiB: number }> {
  const chosen = samples.filter((s) => !phase || s.phase === phase);
  const names = [...new Set(chosen.flatMap((s) => Object.keys(s.rssMiB)))];
  return Object.fromEntries(
    names.map((n) => {
      const v = chosen.map((s) => s.rssMiB[n]).filter((x): x is number => x !== undefined);
      return [
        n,
        {
          minMiB: Math.min(...v),
          maxMiB: Math.max(...v),
          meanMiB: v.reduce((a, b) => a + b, 0) / v.length,
          startMiB: v[0]!,
          endMiB: v.at(-1)!,
        },
      ];
    }),
  );
}

/** Bytes of the Temporal SQLite file and its write-ahead log. */
export function temporalDbBytes(dataDir: string): { db: number; wal: number; total: number } {
  const size = (f: string) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  };
  const file = path.join(dataDir, 'temporal', 'temporal.db');
  const db = size(file);
  const wal = size(`${file}-wal`);
  return { db, wal, total: db + wal };
}

/** Per process: CPU seconds used during one phase, and the share of one core over the phase's duration. */
export function cpuSummary(samples: readonly RssSample[], phase: string): Record<string, { cpuSeconds: number; coreShare: number }> {
  const chosen = samples.filter((s) => s.phase === phase);
  if (chosen.length < 2) return {};
  // The sample before the phase started, when there is one, marks its start.
  const firstIndex = samples.indexOf(chosen[0]!);
  const start = firstIndex > 0 ? samples[firstIndex - 1]! : chosen[0]!;
  const end = chosen.at(-1)!;
  const seconds = Math.max(0.001, end.t - start.t);
  return Object.fromEntries(
    Object.keys(end.cpuS)
      .filter((n) => start.cpuS[n] !== undefined)
      .map((n) => {
        const used = end.cpuS[n]! - start.cpuS[n]!;
        return [n, { cpuSeconds: used, coreShare: used / seconds }];
      }),
  );
}
