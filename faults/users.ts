/**
 * The users of a cluster fault run: caseworkers and supervisors going through the HTTP API, as the console does.
 * Each call goes to the API process the client is using and, when that one fails (refused, 5xx, no answer in 10 s),
 * is retried on the next one, with the same idempotency key, so a retried step is the same update (api/services/
 * cases.ts). Every failed attempt is an API error a user saw. A watcher reads the load's cases through the API and
 * notes each change it sees: the longest gap between changes is the time users saw no progress.
 */
import { signLocalToken, type LocalSigningKey } from '../api/auth/tokens';
import type { CaseState } from '../domain/case/case-state';
import { LINES } from './load';

const CALL_TIMEOUT_MS = 10_000;
const GIVE_UP_MS = 240_000;

export class UserRefused extends Error {}

interface CaseTokens {
  caseworker: string;
  supervisor: string;
}

export class ApiUsers {
  /** Index of the API process the client is using (api-1 first). */
  current = 0;
  calls = 0;
  errors = 0;
  /** What the failed calls were, by kind (HTTP status, refused, timed out), and on which API process. */
  readonly errorKinds: Record<string, number> = {};
  /** When a user saw something move: a step taken, a change in a case they watch. */
  private readonly progress: number[] = [];
  private readonly tokens = new Map<string, CaseTokens>();
  private watching = false;
  private watcher: Promise<void> | undefined;

  constructor(
    private readonly bases: string[],
    private readonly key: LocalSigningKey,
  ) {}

  /** Tokens of the case's caseworker and supervisor (the ones the load's cases carry, test/harness/case-env.ts). */
  async enrol(caseId: string, state: Pick<CaseState, 'dongCode' | 'districtCode'>): Promise<void> {
    this.tokens.set(caseId, {
      caseworker: await signLocalToken(this.key, { role: 'caseworker', sub: 'cw-kim', dongs: [state.dongCode] }),
      supervisor: await signLocalToken(this.key, { role: 'supervisor', sub: 'sv-lee', district: state.districtCode }),
    });
  }

  private async call(token: string, method: 'GET' | 'POST', url: string, body?: unknown, idempotencyKey?: string): Promise<unknown> {
    const deadline = Date.now() + GIVE_UP_MS;
    for (;;) {
      const base = this.bases[this.current]!;
      this.calls += 1;
      let failure: string;
      try {
        const res = await fetch(`${base}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
        const json: unknown = await res.json().catch(() => undefined);
        if (res.ok) return json;
        if (res.status < 500) throw new UserRefused(`${method} ${url} -> ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
        failure = `HTTP ${res.status}`;
      } catch (err) {
        if (err instanceof UserRefused) throw err;
        failure = err instanceof Error ? err.message : String(err);
      }
      this.errors += 1;
      const kind = `${new URL(base).port} ${failure.replace(/^The operation was aborted due to timeout$/, 'no answer in 10 s')}`;
      this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
      if (Date.now() > deadline) throw new Error(`${method} ${url}: no API answered for ${GIVE_UP_MS / 1000} s (last: ${failure})`);
      this.current = (this.current + 1) % this.bases.length; // the other API process
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Drafts, submits and approves the two-line plan through the API (faults/load.ts approvePlan, as users do it). */
  async approvePlan(caseId: string): Promise<void> {
    const t = this.tokens.get(caseId)!;
    const step = async (token: string, action: string, body: unknown) => {
      await this.call(token, 'POST', `/cases/${caseId}/${action}`, body, `${caseId}-${action.replace('/', '-')}`);
      this.progress.push(Date.now());
    };
    await step(t.caseworker, 'plan', {
      lines: LINES,
      personHeard: true,
      coordination: 'weekly call between providers, led by the dong caseworker',
    });
    await step(t.caseworker, 'plan/submit', {});
    await step(t.supervisor, 'conference-decision', { decision: 'approve' });
  }

  /** Reads the cases through the API, round after round, until stopped; a change in what a case shows is progress. */
  watch(caseIds: string[]): void {
    this.watching = true;
    const seen = new Map<string, string>();
    this.watcher = (async () => {
      while (this.watching) {
        for (const id of caseIds) {
          if (!this.watching) break;
          const view = (await this.call(this.tokens.get(id)!.caseworker, 'GET', `/cases/${id}`).catch(() => undefined)) as
            { status: string; referrals: Record<string, { status: string }> } | undefined;
          if (!view) continue;
          const sign = `${view.status}|${Object.values(view.referrals)
            .map((r) => r.status)
            .join(',')}`;
          if (seen.has(id) && seen.get(id) !== sign) this.progress.push(Date.now());
          seen.set(id, sign);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
  }

  async stopWatching(): Promise<void> {
    this.watching = false;
    await this.watcher;
  }

  /** The longest time between two things users saw move, from `from` to `to` (both ends count). */
  longestStallMs(from: number, to: number): number {
    const ticks = [from, ...this.progress.filter((t) => t > from && t < to).sort((a, b) => a - b), to];
    return Math.max(0, ...ticks.slice(1).map((t, i) => t - ticks[i]!));
  }
}
