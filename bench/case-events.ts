/**
 * An API client's live stream of one case's changes (`GET /cases/{caseId}/events`, server-sent events, the same
 * feed that updates the console's open case page: api/case-event-feed.ts). The benchmark reads a case when its
 * stream says it changed, as the console does, instead of polling it.
 */
import { createParser } from 'eventsource-parser';
import { ApiError } from './api-client';

export interface CaseChange {
  /** The CloudEvents type of the change (domain/vocabulary.ts). */
  type: string;
  /** Date.now() when the client received it. */
  at: number;
}

export interface CaseEventStream {
  /** The changes received since the last call, waiting up to `timeoutMs` for one; [] when none came. */
  take(timeoutMs: number): Promise<CaseChange[]>;
  close(): void;
}

/** Opens the stream; resolves once the API has subscribed it (the response has begun). */
export async function openCaseEvents(base: string, token: string, caseId: string): Promise<CaseEventStream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/cases/${caseId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new ApiError('case events', res.status, await res.text().catch(() => ''));
  const changes: CaseChange[] = [];
  let wake: (() => void) | undefined;
  const parser = createParser({
    onEvent: (e) => {
      if (e.event !== 'case-updated') return;
      changes.push({ type: e.data, at: Date.now() });
      wake?.();
    },
  });
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // Closed by close(), or the API went away: a reader falls back on its timeout.
    }
  })();
  return {
    async take(timeoutMs) {
      if (changes.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return changes.splice(0, changes.length);
    },
    close: () => abort.abort(),
  };
}
