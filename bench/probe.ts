/**
 * The cost of one read: GET /cases/:id repeated on a finished case at the run's concurrency, with the CPU
 * time each process used meanwhile (read straight from /proc before and after). The Dolbom path polls each
 * case with this request, so it shows how much of a case's cost is reading (query + decryption + audit
 * event) rather than changing.
 */
import { childrenByParent, cpuSeconds, machineBusySeconds, MACHINE_CPU } from './memory';
import { ApiError, type ApiClient } from './api-client';
import { summarize, type Summary } from './stats';

export interface ReadProbe {
  requests: number;
  concurrency: number;
  seconds: number;
  latencyMs: Summary;
  /** Requests answered with an error, by HTTP status: reported, not fatal to the run (a 503 is the API's deadline). */
  failedByStatus: Record<string, number>;
  /** CPU milliseconds per request, per process (and the machine). */
  cpuMsPerRequest: Record<string, number>;
}

export async function probeCaseReads(o: {
  api: ApiClient;
  token: string;
  caseId: string;
  requests: number;
  concurrency: number;
  pids: Record<string, number | undefined>;
}): Promise<ReadProbe> {
  const read = () => {
    const out: Record<string, number> = {};
    const children = childrenByParent();
    for (const [n, pid] of Object.entries(o.pids)) {
      const c = pid === undefined ? undefined : cpuSeconds(pid, children);
      if (c !== undefined) out[n] = c;
    }
    const own = process.cpuUsage();
    out.bench = (own.user + own.system) / 1e6;
    const m = machineBusySeconds();
    if (m !== undefined) out[MACHINE_CPU] = m;
    return out;
  };
  const before = read();
  const t0 = Date.now();
  const latencies: number[] = [];
  const failedByStatus: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next++ < o.requests) {
        try {
          latencies.push((await o.api.call({ action: 'probe: get case', token: o.token, method: 'GET', path: `/cases/${o.caseId}` })).ms);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          failedByStatus[err.status] = (failedByStatus[err.status] ?? 0) + 1;
        }
      }
    }),
  );
  const requests = latencies.length + Object.values(failedByStatus).reduce((a, b) => a + b, 0);
  const seconds = (Date.now() - t0) / 1000;
  const after = read();
  return {
    requests,
    concurrency: o.concurrency,
    seconds,
    latencyMs: summarize(latencies),
    failedByStatus,
    cpuMsPerRequest: Object.fromEntries(
      Object.keys(after)
        .filter((n) => before[n] !== undefined)
        .map((n) => [n, ((after[n]! - before[n]!) * 1000) / Math.max(1, requests)]),
    ),
  };
}
