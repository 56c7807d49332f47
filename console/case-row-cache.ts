/**
 * The caseload's row facts between requests (api/services/console-caseload.ts), per API process, bounded, and
 * dropped when the feed says a case changed (its new state came, or a case event came without one:
 * api/case-event-feed.ts): at once, and again a moment later, in case a read made meanwhile cached the state
 * before the change. A time limit bounds what any missed change could leave stale. Each row shown is still scope-checked and audited as a read.
 */
import type { CaseRowCache, CaseRowFacts } from '../api/services/console-caseload';

export interface CaseRowCacheOptions {
  maxEntries?: number;
  ttlMs?: number;
  /** How long after an event the case is dropped a second time. */
  settleMs?: number;
}

export function createCaseRowCache(o: CaseRowCacheOptions = {}): CaseRowCache & { invalidate(caseId: string): void; size(): number } {
  const maxEntries = o.maxEntries ?? 20_000;
  const ttlMs = o.ttlMs ?? 60_000;
  const settleMs = o.settleMs ?? 2_000;
  const entries = new Map<string, { facts: CaseRowFacts; at: number }>();
  return {
    get(caseId) {
      const e = entries.get(caseId);
      if (!e) return undefined;
      if (Date.now() - e.at > ttlMs) {
        entries.delete(caseId);
        return undefined;
      }
      return e.facts;
    },
    set(caseId, facts) {
      entries.delete(caseId);
      entries.set(caseId, { facts, at: Date.now() });
      // Oldest first out (Map keeps insertion order).
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    invalidate(caseId) {
      entries.delete(caseId);
      setTimeout(() => entries.delete(caseId), settleMs).unref();
    },
    size: () => entries.size,
  };
}
