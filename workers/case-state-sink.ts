/**
 * The worker's end of the case workflow's state sink (workflows/case/case.messages.ts `CaseStateSinks`) and of the
 * referral's notice sink (workflows/case/case-notifications.ts `ReferralNoticeSinks`): each state a case hands over,
 * and each notice a referral sends its case, is encrypted and published on the case-state topic for the API's read
 * model (events/case-state-message.ts, api/case-read-model.ts). A send carries the states before the notices, so
 * the read model applies a notice to the state it came after.
 *
 * A case's state and its referrals' notices ride with the case's next events when the publish activity takes them
 * (`take`, activities/publish-event.ts): one produce request a step instead of two, and the API's live feed fetches
 * them together. What no activity takes within `lingerMs` goes on its own, as below.
 *
 * The SDK waits for sink functions before it completes the workflow task, so this one only queues: the latest
 * state of each case waits here, and one send at a time takes everything queued (in order, one case's states
 * on one partition), in requests of at most SEND_CHUNK states. A send that fails is retried with the latest
 * state, every second up to every ten, while the worker runs. A state too large for the broker goes as a
 * message saying only that the case changed (events/case-state-message.ts). A state lost with a crashed worker
 * is not retried: the case's next event evicts it from the read model, or its TTL ends (api/case-event-feed.ts).
 */
import type { PayloadCodec } from '@temporalio/common';
import type { InjectedSinks } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReferralStatusChanged } from '../domain/case/referral-notices';
import {
  encodeCaseState,
  encodeReferralNotice,
  isAtLeastAsNew,
  type CaseStateMessage,
  type CaseStateSnapshot,
} from '../events/case-state-message';
import type { ReferralNoticeSinks } from '../workflows/case/case-notifications';
import type { CaseStateSinks } from '../workflows/case/case.messages';

/**
 * How long the worker leaves a queued state for the activity that publishes the same step's events (eager activity
 * execution runs it as soon as Temporal has the workflow task). States of steps without events wait that long.
 */
export const CASE_STATE_LINGER_MS = 25;

/** States per produce request: well under the broker's request and batch limits at the largest states sent. */
export const SEND_CHUNK = 50;

/** What the publish activity took of a case's queue: its messages, and how to queue them again if the send fails. */
export interface TakenCaseState {
  topic: string;
  messages: CaseStateMessage[];
  restore(): void;
}

/** States and notices published, by how they went: taken into a step's request, or sent on their own. */
export interface CaseStateStats {
  taken: number;
  alone: number;
}

export interface CaseStatePublisher {
  sinks: InjectedSinks<CaseStateSinks & ReferralNoticeSinks>;
  readonly stats: Readonly<CaseStateStats>;
  /** Takes the case's queued state and notices (states first), encoded, for a send that goes anyway. */
  take(caseId: string): Promise<TakenCaseState | undefined>;
  /** Resolves when everything queued so far has been sent (or failed once). */
  flush(): Promise<void>;
  /** Sends what is queued, once, and stops retrying. */
  stop(): Promise<void>;
}

export interface CaseStatePublisherOptions {
  producer: Producer;
  topic: string;
  codec: PayloadCodec;
  logger: Logger;
  retryMs?: { first: number; max: number };
  /** How long a queued state waits for an activity to take it before it goes alone (0: the next turn). */
  lingerMs?: number;
}

export function createCaseStatePublisher(o: CaseStatePublisherOptions): CaseStatePublisher {
  const retry = o.retryMs ?? { first: 1000, max: 10_000 };
  const lingerMs = o.lingerMs ?? 0;
  const queued = new Map<string, CaseStateSnapshot>();
  /** The latest notice of each referral (a later one holds all an earlier one says). */
  const notices = new Map<string, { caseId: string; notice: ReferralStatusChanged }>();
  const stats: CaseStateStats = { taken: 0, alone: 0 };
  let sending: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let backoff = retry.first;
  let stopped = false;

  const queue = (s: CaseStateSnapshot) => {
    const current = queued.get(s.state.caseId);
    if (!current || isAtLeastAsNew(s.version, current.version)) queued.set(s.state.caseId, s);
  };

  const queueNotice = (caseId: string, notice: ReferralStatusChanged) => {
    const current = notices.get(notice.referralId);
    if (!current || notice.seq > current.notice.seq) notices.set(notice.referralId, { caseId, notice });
  };

  const take = async (caseId: string): Promise<TakenCaseState | undefined> => {
    const state = queued.get(caseId);
    const told = [...notices.values()].filter((n) => n.caseId === caseId);
    if (!state && told.length === 0) return undefined;
    queued.delete(caseId);
    for (const n of told) notices.delete(n.notice.referralId);
    const restore = () => {
      if (state) queue(state);
      for (const n of told) queueNotice(n.caseId, n.notice);
      void kick();
    };
    try {
      const messages = await Promise.all([
        ...(state ? [encodeCaseState(state, o.codec)] : []),
        ...told.map((n) => encodeReferralNotice(n.caseId, n.notice, o.codec)),
      ]);
      stats.taken += messages.length;
      return { topic: o.topic, messages, restore };
    } catch (err) {
      restore();
      throw err;
    }
  };

  const sendQueued = async () => {
    const batch = [...queued.values()];
    const told = [...notices.values()];
    queued.clear();
    notices.clear();
    const encode = [
      ...batch.map((s) => () => encodeCaseState(s, o.codec)),
      ...told.map((n) => () => encodeReferralNotice(n.caseId, n.notice, o.codec)),
    ];
    let sent = 0;
    try {
      for (; sent < encode.length; sent += SEND_CHUNK) {
        const messages = await Promise.all(encode.slice(sent, sent + SEND_CHUNK).map((e) => e()));
        // The leader's acknowledgement is enough for a cache: a state lost with a leader is evicted by the case's
        // next event, or expires (api/case-event-feed.ts).
        await o.producer.send({ topic: o.topic, acks: 1, messages });
        stats.alone += messages.length;
      }
      backoff = retry.first;
    } catch (err) {
      // Put back what was not sent and nothing newer replaced meanwhile, and try again later.
      for (const s of batch.slice(sent)) if (!queued.has(s.state.caseId)) queued.set(s.state.caseId, s);
      for (const n of told.slice(Math.max(0, sent - batch.length))) queueNotice(n.caseId, n.notice);
      o.logger.warn({ err, cases: batch.length, notices: told.length, retryInMs: backoff }, 'case states not published; retrying');
      if (!stopped && !retryTimer) {
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          void kick();
        }, backoff);
        backoff = Math.min(backoff * 2, retry.max);
      }
    }
  };

  /** Starts a send unless one is running; the running one starts the next when it ends. */
  const kick = (): Promise<void> => {
    if (sending) return sending;
    if ((queued.size === 0 && notices.size === 0) || retryTimer || stopped) return Promise.resolve();
    sending = (async () => {
      // Gathers the states of one round of workflow tasks, and leaves the activities that publish their events
      // lingerMs to take them.
      await new Promise((r) => (lingerMs > 0 ? setTimeout(r, lingerMs) : setImmediate(r)));
      await sendQueued();
      sending = undefined;
      if ((queued.size > 0 || notices.size > 0) && !retryTimer && !stopped) void kick();
    })();
    return sending;
  };

  return {
    take,
    stats,
    sinks: {
      caseState: {
        changed: {
          fn: (_info, snapshot) => {
            queue(snapshot);
            void kick();
          },
          callDuringReplay: false,
        },
      },
      referralNotice: {
        sent: {
          fn: (_info, caseId, notice) => {
            queueNotice(caseId, notice);
            void kick();
          },
          callDuringReplay: false,
        },
      },
    },
    flush: async () => {
      while (sending || ((queued.size > 0 || notices.size > 0) && !retryTimer)) await kick();
    },
    stop: async () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      while (sending) await sending;
      if (queued.size > 0 || notices.size > 0) await sendQueued();
    },
  };
}
