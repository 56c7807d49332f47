/**
 * The API's read model: each case's latest state as the case workflow handed it over (workers/case-state-sink.ts,
 * events/case-state-message.ts), kept encrypted and decrypted per read. A read it can serve needs no query through
 * Temporal and the worker; one it cannot serve is asked of the workflow as before (api/services/cases.ts).
 *
 * It serves a case only when it may: its state came within the TTL, and it holds every change this API process
 * made to it, or that the caller names (an action's `seq` is at most the state's timeline length). So a caseworker
 * sees their own action at once, another process's change within moments (the live stream tells of it when the
 * state is here) or at once when they name its `seq` (`GET /cases/{caseId}?seq=`), and a
 * state lost with a crashed worker for at most the TTL; a case event whose state does not follow evicts the case
 * sooner (api/case-event-feed.ts).
 */
import type { PayloadCodec } from '@temporalio/common';
import { LRUCache } from 'lru-cache';
import type { CaseState } from '../domain/case/case-state';
import { decodeCaseState, isAtLeastAsNew, type CaseStateHeaders } from '../events/case-state-message';

export interface ReadModelEntry extends CaseStateHeaders {
  value: Buffer;
  arrivedAt: number;
}

/** Whether an entry may answer a read: fresh enough, and holding the caller's process's own last write. */
export function servable(
  entry: Pick<ReadModelEntry, 'seq' | 'arrivedAt'>,
  o: { now: number; ttlMs: number; writtenSeq?: number },
): boolean {
  return o.now - entry.arrivedAt <= o.ttlMs && entry.seq >= (o.writtenSeq ?? 0);
}

export interface CaseReadModel {
  /** Keeps a state unless a newer one is held; true when kept. */
  put(caseId: string, headers: CaseStateHeaders, value: Buffer): boolean;
  /** This process changed the case: its reads must show timeline entry `seq`. */
  wrote(caseId: string, seq: number): void;
  evict(caseId: string): void;
  /** When the case's latest state came, if one is held. */
  arrivedAt(caseId: string): number | undefined;
  /** The case's state if the model may serve it, else undefined (ask the workflow). `minSeq`: the caller needs
   * that timeline entry in it (a write made through another process, named by its `seq`). */
  read(caseId: string, minSeq?: number): Promise<CaseState | undefined>;
  stats(): { cases: number; hits: number; misses: number };
}

export interface CaseReadModelOptions {
  codec: PayloadCodec;
  ttlMs: number;
  maxCases: number;
  now?: () => number;
}

export function createCaseReadModel(o: CaseReadModelOptions): CaseReadModel {
  const now = o.now ?? Date.now;
  const max = Math.max(o.maxCases, 1);
  const entries = new LRUCache<string, ReadModelEntry>({ max });
  const written = new LRUCache<string, number>({ max });
  let hits = 0;
  let misses = 0;
  return {
    put(caseId, headers, value) {
      if (o.maxCases === 0) return false;
      const held = entries.peek(caseId);
      if (held && !isAtLeastAsNew(headers.version, held.version)) return false;
      entries.set(caseId, { ...headers, value, arrivedAt: now() });
      return true;
    },
    wrote(caseId, seq) {
      written.set(caseId, Math.max(seq, written.peek(caseId) ?? 0));
    },
    evict: (caseId) => void entries.delete(caseId),
    arrivedAt: (caseId) => entries.peek(caseId)?.arrivedAt,
    async read(caseId, minSeq = 0) {
      const entry = entries.get(caseId);
      const writtenSeq = Math.max(minSeq, written.peek(caseId) ?? 0);
      if (!entry || !servable(entry, { now: now(), ttlMs: o.ttlMs, writtenSeq })) {
        misses += 1;
        return undefined;
      }
      hits += 1;
      return decodeCaseState(entry.value, o.codec);
    },
    stats: () => ({ cases: entries.size, hits, misses }),
  };
}
