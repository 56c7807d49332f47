/** The HTTP API as a client sees it: each request timed by wall clock and recorded under its action name. */
import type { LatencyRecorder } from './stats';

export class ApiError extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `${action} -> HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}` +
        // The API limits requests per principal (api/rate-limit.ts); a heavier run needs the system started with more.
        (status === 429 ? '\nthe API refused the rate: start the system with a higher API_RATE_LIMIT_PER_MINUTE (npm start)' : ''),
    );
  }
}

export interface ApiCall {
  action: string;
  token: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export function createApiClient(base: string, recorder: LatencyRecorder) {
  return {
    base,
    /** Records the wall time of a successful call under `action`; a failed call counts as an error and throws. */
    async call<T = Record<string, unknown>>(c: ApiCall): Promise<{ json: T; ms: number; receivedAt: number }> {
      const t0 = performance.now();
      let res: Response;
      let json: unknown;
      try {
        res = await fetch(`${base}${c.path}`, {
          method: c.method,
          headers: { authorization: `Bearer ${c.token}`, ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: c.body !== undefined ? JSON.stringify(c.body) : undefined,
        });
        json = await res.json().catch(() => undefined);
      } catch (err) {
        recorder.fail(c.action);
        throw err;
      }
      const ms = performance.now() - t0;
      if (!res.ok) {
        recorder.fail(c.action);
        throw new ApiError(c.action, res.status, json);
      }
      recorder.record(c.action, ms);
      return { json: json as T, ms, receivedAt: Date.now() };
    },
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** Whether the API answers its readiness probe (Temporal, Kafka and the audit store reachable). */
export async function apiReady(base: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5000) });
    const body = await res.text();
    return { ok: res.ok, detail: `HTTP ${res.status} ${body.slice(0, 200)}` };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}
