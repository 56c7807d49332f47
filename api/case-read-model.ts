/**
 * The API's read model: each case's latest state as the case workflow handed it over (workers/case-state-sink.ts,
 * events/case-state-message.ts), kept encrypted and decrypted per read. A read it can serve needs no query through
 * Temporal and the worker; one it cannot serve is asked of the workflow as before (api/services/case-state.ts).
 *
 * It serves a case only when it may: its state came within the TTL, and it holds every change this API process
 * made to it, or that the caller names (an action's `seq` is at most the state's timeline length). So a caseworker
 * sees their own action at once, another process's change within moments (the live stream tells of it when the
 * state is here) or at once when they name its `seq` (`GET /cases/{caseId}?seq=`), and a state lost with a
 * crashed worker for at most a second after the case's next event (api/case-event-feed.ts), or the TTL.
 *
 * A case it must not serve (evicted, or its state too large to send) stays known by its version, so an older
 * state that comes late is not taken for news.
 *
 * A referral's notice to its case (workflows/case/case-notifications.ts) is applied to the held state by the case's
 * own rule (domain/case/referral-notices.ts), so a provider's answer is readable before the case's workflow task has
 * run. The case sends no state for such a notice (domain/case/referral-notices.ts `derivableFromNotice`), and the
 * notices applied since the last state are applied again to a newer state that does not show them yet (it was made
 * before the case heard of them). A notice the model cannot apply as the case would is left to the case: one that
 * opens or resolves an escalation (the case records a step for it), and any to a closed case (only the workflow
 * knows which referrals it waits on to confirm a cancellation).
 */
import { createHash } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import { canonicalJson } from '../audit/canonical-json';
import { LRUCache } from 'lru-cache';
import type { CaseState } from '../domain/case/case-state';
import { applyNotices, type ReferralStatusChanged } from '../domain/case/referral-notices';
import { decodeCaseState, encodeValue, isAtLeastAsNew, type CaseStateHeaders, type CaseStateVersion } from '../events/case-state-message';

interface Entry {
  version: CaseStateVersion;
  seq: number;
  arrivedAt: number;
  /** The encrypted state; absent when the case must be asked of the workflow. */
  value?: Buffer;
  /** Set once referrals' notices were applied to the state: a digest of the result (see `put`). */
  derived?: string;
  /** The notices applied to the state since it came, in order. */
  notices?: ReferralStatusChanged[];
}

/** A state's digest, whatever the order of its keys (audit/canonical-json.ts). */
const digest = (state: CaseState) => createHash('sha256').update(canonicalJson(state)).digest('base64');

/** Whether an entry may answer a read: fresh enough, and holding the caller's process's own last write. */
export function servable(entry: { seq: number; arrivedAt: number }, o: { now: number; ttlMs: number; writtenSeq?: number }): boolean {
  return o.now - entry.arrivedAt <= o.ttlMs && entry.seq >= (o.writtenSeq ?? 0);
}

/** What a case event says happened, as far as the read model can check it (api/case-event-feed.ts). */
export interface EventFacts {
  /** A case's own event: the timeline entry it records. */
  seq?: number;
  /** A referral's status event: which referral, and its new status. */
  referralId?: string;
  status?: string;
}

/** Whether a held state already shows what an event says (an unknown kind of event: no). */
export async function reflects(
  held: { seq: number } | undefined,
  state: () => Promise<CaseState | undefined>,
  e: EventFacts,
): Promise<boolean> {
  if (!held) return false;
  if (e.seq !== undefined) return held.seq >= e.seq;
  if (e.referralId !== undefined && e.status !== undefined) return (await state())?.referrals[e.referralId]?.status === e.status;
  return false;
}

export interface CaseReadModel {
  /**
   * Keeps a state (or, when it was omitted, that the case changed) unless a newer one is held. True when it is news
   * to a listener: kept, and not the very state the referrals' notices already made of the held one (the case's
   * own task applying the notice the model applied first), so a listener reads once per change.
   */
  put(caseId: string, headers: CaseStateHeaders, value: Buffer | undefined): Promise<boolean>;
  /** Applies a referral's notice to the held state as the case would; true when the state changed. */
  applyNotice(caseId: string, notice: ReferralStatusChanged): Promise<boolean>;
  /** This process changed the case: its reads must show timeline entry `seq`. */
  wrote(caseId: string, seq: number): void;
  /** The case is asked of the workflow until a newer state comes. */
  evict(caseId: string): void;
  /** What is held of the case, servable or not. */
  held(caseId: string): { seq: number; arrivedAt: number; servable: boolean } | undefined;
  /** Whether the held state already shows what a case event says. */
  reflects(caseId: string, e: EventFacts): Promise<boolean>;
  /** The case's state if the model may serve it, else undefined (ask the workflow). `minSeq`: the caller needs
   * that timeline entry in it (a write made through another process, named by its `seq`). */
  read(caseId: string, minSeq?: number): Promise<CaseState | undefined>;
  /** `notices`: referrals' notices applied to a held state. */
  stats(): { cases: number; hits: number; misses: number; notices: number };
}

export interface CaseReadModelOptions {
  codec: PayloadCodec;
  /** 0 turns serving off (states still feed the live streams). */
  ttlMs: number;
  maxCases: number;
  now?: () => number;
}

export function createCaseReadModel(o: CaseReadModelOptions): CaseReadModel {
  const now = o.now ?? Date.now;
  const max = Math.max(o.maxCases, 1);
  const entries = new LRUCache<string, Entry>({ max });
  const written = new LRUCache<string, number>({ max });
  let hits = 0;
  let misses = 0;
  let notices = 0;
  const decode = async (e: Entry | undefined) => (e?.value ? decodeCaseState(e.value, o.codec) : undefined);
  return {
    async put(caseId, headers, value) {
      const held = entries.peek(caseId);
      if (held && !isAtLeastAsNew(headers.version, held.version)) return false;
      let entry: Entry = {
        version: headers.version,
        seq: headers.seq,
        arrivedAt: now(),
        ...(headers.omitted || !value ? {} : { value }),
      };
      if (!held?.derived || !entry.value) {
        entries.set(caseId, entry);
        return true;
      }
      // A state the case made before it heard of the notices applied here can come after them (the sink sent them
      // first): they are applied to it too, since the case hands over no state of its own for such a notice
      // (workflows/case/case.workflow.ts). A case's states and notices come one at a time, on one partition.
      const state = await decode(entry).catch(() => undefined);
      if (!state) {
        entries.set(caseId, entry);
        return true;
      }
      const carried = applyNotices(state, held.notices ?? []);
      if (carried.applied.length > 0)
        entry = { ...entry, value: await encodeValue(carried.state, o.codec), derived: digest(carried.state), notices: carried.applied };
      entries.set(caseId, entry);
      return headers.seq !== held.seq || (entry.derived ?? digest(carried.state)) !== held.derived;
    },
    async applyNotice(caseId, notice) {
      const held = entries.peek(caseId);
      const state = await decode(held);
      if (!held || !state) return false;
      const outcome = applyNotices(state, [notice]);
      if (outcome.applied.length === 0) return false;
      const value = await encodeValue(outcome.state, o.codec);
      // A newer state, or an eviction, came while this one was worked on: it stands.
      if (entries.peek(caseId) !== held) return false;
      entries.set(caseId, { ...held, value, derived: digest(outcome.state), notices: [...(held.notices ?? []), notice] });
      notices += 1;
      return true;
    },
    wrote(caseId, seq) {
      written.set(caseId, Math.max(seq, written.peek(caseId) ?? 0));
    },
    evict(caseId) {
      const held = entries.peek(caseId);
      if (held) entries.set(caseId, { version: held.version, seq: held.seq, arrivedAt: held.arrivedAt });
    },
    held(caseId) {
      const e = entries.peek(caseId);
      return e && { seq: e.seq, arrivedAt: e.arrivedAt, servable: e.value !== undefined };
    },
    reflects: async (caseId, e) => {
      const held = entries.peek(caseId);
      return reflects(held?.value ? held : undefined, () => decode(held), e);
    },
    async read(caseId, minSeq = 0) {
      const entry = entries.get(caseId);
      const writtenSeq = Math.max(minSeq, written.peek(caseId) ?? 0);
      if (!entry?.value || !servable(entry, { now: now(), ttlMs: o.ttlMs, writtenSeq })) {
        misses += 1;
        return undefined;
      }
      hits += 1;
      return decode(entry);
    },
    stats: () => ({ cases: entries.size, hits, misses, notices }),
  };
}
