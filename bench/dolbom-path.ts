/**
 * The Dolbom path: each synthetic recipient through the real HTTP API (intake to conference approval), the
 * referrals over Kafka to the in-process provider simulator, the decisions back through the running bridge,
 * until every referral of the case is `accepted` as the API shows it.
 *
 * A case is read when its live stream (`GET /cases/{caseId}/events`, the console's live update) says it changed,
 * as a caseworker's open case page is. The referral round trip is measured on a sample of cases: the simulator's
 * producer is wrapped so the moment it publishes each `accepted` response is known; the round trip ends when the
 * read that followed a change shows the referral accepted.
 */
import type { ProducerRecord } from 'kafkajs';
import { signLocalToken, type LocalSigningKey } from '../api/auth/tokens';
import { PROVIDER_RESPONSE_TYPES } from '../events/schemas/provider-responses';
import { ApiError, type ApiClient } from './api-client';
import { openCaseEvents, type CaseEventStream } from './case-events';
import { seededRandom } from '../domain/seeded-random';
import { createPacer } from './pacer';
import { syntheticPerson, type Recipient } from './recipients';
import type { EventProducer } from '../platform/durable-producer';

export interface PublishTimes {
  /** Date.now() when the simulator called producer.send. */
  sendAt: number;
  /** Date.now() when the broker acknowledged it (acks: all). */
  ackAt: number;
}

/** Wraps the simulator's producer: records when each `accepted` response was sent and acknowledged. */
export function hookAcceptedResponses(producer: EventProducer, published: Map<string, PublishTimes>): EventProducer {
  const send = async (record: ProducerRecord) => {
    const sendAt = Date.now();
    const result = await producer.send(record);
    const ackAt = Date.now();
    for (const m of record.messages) {
      const value = typeof m.value === 'string' ? m.value : (m.value?.toString() ?? '');
      if (!value.includes(PROVIDER_RESPONSE_TYPES.accepted)) continue;
      const event = JSON.parse(value) as { type?: string; data?: { referralId?: string } };
      if (event.type === PROVIDER_RESPONSE_TYPES.accepted && event.data?.referralId)
        published.set(event.data.referralId, { sendAt, ackAt });
    }
    return result;
  };
  return { ...producer, send };
}

/** The plan every benchmark case gets: three lines from three domains, each with providers in every dong. */
export const PLAN = {
  lines: [
    {
      lineId: 'L1',
      serviceCode: 'MED-03',
      quantity: { amount: 2, unit: 'visit', per: 'week' },
      period: { start: '2026-12-01', end: '2027-05-31' },
    },
    {
      lineId: 'L2',
      serviceCode: 'LTC-02',
      quantity: { amount: 5, unit: 'visit', per: 'week' },
      period: { start: '2026-12-01', end: '2027-05-31' },
    },
    {
      lineId: 'L3',
      serviceCode: 'HOU-02',
      quantity: { amount: 1, unit: 'case', per: 'once' },
      period: { start: '2026-12-01', end: '2027-05-31' },
    },
  ],
  coordination: 'The home-nursing agency leads; weekly call with the in-home care agency.',
  personHeard: true,
};

/** The application every benchmark case is taken in with (`POST /cases`), and the cluster's end-to-end test's. */
export const INTAKE_APPLICATION = { applicantType: 'self', residence: { basis: 'registeredAddress' } } as const;

/** A case's steps after intake, through the API (`POST /cases/{caseId}/{action}`), in order, with the role that
 * takes each: the same for every benchmark case and for the cluster's end-to-end test (test/cluster). */
export const CASE_STEPS: readonly { action: (typeof DOLBOM_ACTIONS)[number]; role: 'caseworker' | 'supervisor'; body: unknown }[] = [
  { action: 'consent', role: 'caseworker', body: { givenBy: 'person', method: 'written' } },
  {
    action: 'pre-survey',
    role: 'caseworker',
    body: {
      survey: { adl: { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 }, livesAlone: true },
    },
  },
  {
    action: 'assessment',
    role: 'caseworker',
    body: { result: { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: ['housing'], assessor: 'NHIS' } },
  },
  { action: 'eligibility', role: 'caseworker', body: { severeDisabilityRecognised: false, difficultyCauses: ['frailty'] } },
  { action: 'plan', role: 'caseworker', body: PLAN },
  { action: 'plan/submit', role: 'caseworker', body: {} },
  { action: 'conference-decision', role: 'supervisor', body: { decision: 'approve' } },
];

/** API actions in the order a case takes them (the names used in the latency table). */
export const DOLBOM_ACTIONS = [
  'intake',
  'consent',
  'pre-survey',
  'assessment',
  'eligibility',
  'plan',
  'plan/submit',
  'conference-decision',
  'get case (on change)',
] as const;

export interface DolbomPhaseOptions {
  api: ApiClient;
  key: LocalSigningKey;
  recipients: readonly Recipient[];
  concurrency: number;
  /** Cases started per second, when paced. */
  rate?: number;
  published: Map<string, PublishTimes>;
  /** Every n-th case's referrals are timed for the round trip. */
  sampleEvery: number;
  /** How long a case waits for its stream to say it changed before it is read anyway. */
  fallbackReadMs: number;
  caseTimeoutMs: number;
  onProgress(p: { done: number; failed: number; inFlight: number; startedAt?: number }): void;
}

/** One sampled referral: when its acceptance was published, when the case's stream said it changed, and when
 * the read that followed showed it accepted. */
export interface RoundTripObservation extends PublishTimes {
  caseId: string;
  referralId: string;
  liveAt: number;
  seenAt: number;
}

export interface DolbomPhaseResult {
  startedAt: number;
  endedAt: number;
  doneAt: number[];
  /** Wall time of a whole case, intake request to all referrals accepted as seen by the poll. */
  caseMs: number[];
  /** Of the same, from conference approval to all referrals seen accepted. */
  approvalToDoneMs: number[];
  caseIds: string[];
  failures: { index: number; caseId?: string; error: string }[];
  intakeRetries: number;
  /** Reads made because no change came within fallbackReadMs (each a change the stream did not bring in time). */
  fallbackReads: number;
  roundTrip: {
    fromSendMs: number[];
    fromAckMs: number[];
    sendToAckMs: number[];
    /** From publish to the live update (the case's stream saying it changed) before the read that showed it. */
    toLiveUpdateMs: number[];
    missingPublishTimes: number;
    observations: RoundTripObservation[];
  };
  /** The first finished cases (up to 5) with their referral ids, for counting their histories. */
  samples: { caseId: string; referralIds: string[]; caseworkerToken: string }[];
}

interface CaseView {
  status: string;
  referrals: Record<string, { referralId: string; status: string }>;
}

export async function runDolbomPhase(o: DolbomPhaseOptions): Promise<DolbomPhaseResult> {
  // Tokens are minted before the clock starts: a caseworker per dong, a supervisor per district.
  const caseworker = new Map<string, string>();
  const supervisor = new Map<string, string>();
  for (const r of o.recipients) {
    if (!caseworker.has(r.dongCode))
      caseworker.set(r.dongCode, await signLocalToken(o.key, { role: 'caseworker', sub: `bench-cw-${r.dongCode}`, dongs: [r.dongCode] }));
    if (!supervisor.has(r.districtCode))
      supervisor.set(
        r.districtCode,
        await signLocalToken(o.key, { role: 'supervisor', sub: `bench-sv-${r.districtCode}`, district: r.districtCode }),
      );
  }

  const result: DolbomPhaseResult = {
    startedAt: 0,
    endedAt: 0,
    doneAt: [],
    caseMs: [],
    approvalToDoneMs: [],
    caseIds: [],
    failures: [],
    intakeRetries: 0,
    fallbackReads: 0,
    samples: [],
    roundTrip: { fromSendMs: [], fromAckMs: [], sendToAckMs: [], toLiveUpdateMs: [], missingPublishTimes: 0, observations: [] },
  };
  let next = 0;
  let inFlight = 0;
  const report = () =>
    o.onProgress({ done: result.doneAt.length, failed: result.failures.length, inFlight, startedAt: result.startedAt || undefined });

  const runCase = async (r: Recipient) => {
    const cw = caseworker.get(r.dongCode)!;
    const sv = supervisor.get(r.districtCode)!;
    const t0 = Date.now();
    if (!result.startedAt) result.startedAt = t0;
    let caseId: string | undefined;
    let personal = r.personal;
    for (let attempt = 0; ; attempt++) {
      try {
        const { json } = await o.api.call<{ caseId: string }>({
          action: 'intake',
          token: cw,
          method: 'POST',
          path: '/cases',
          body: { dongCode: r.dongCode, application: INTAKE_APPLICATION, personal },
        });
        caseId = json.caseId;
        break;
      } catch (err) {
        // The random resident number met an earlier case: a new person, once or twice.
        if (!(err instanceof ApiError && err.status === 409) || attempt >= 3) throw err;
        result.intakeRetries += 1;
        personal = syntheticPerson(seededRandom(Date.now() + attempt));
      }
    }
    result.caseIds.push(caseId);
    const act = (action: string, token: string, path: string, body: unknown) =>
      o.api.call({ action, token, method: 'POST', path: `/cases/${caseId}/${path}`, body });
    try {
      // The case's stream of changes is opened before the conference decision, so no referral's change is missed.
      let stream: CaseEventStream | undefined;
      for (const step of CASE_STEPS) {
        if (step.action === 'conference-decision') stream = await openCaseEvents(o.api.base, cw, caseId);
        await act(step.action, step.role === 'supervisor' ? sv : cw, step.action, step.body);
      }
      const approvedAt = Date.now();

      const sampled = r.index % o.sampleEvery === 0;
      const seen = new Set<string>();
      let liveAt = approvedAt;
      try {
        for (;;) {
          const { json, receivedAt } = await o.api.call<CaseView>({
            action: 'get case (on change)',
            token: cw,
            method: 'GET',
            path: `/cases/${caseId}`,
          });
          const refs = Object.values(json.referrals ?? {});
          if (sampled) {
            for (const ref of refs) {
              if (ref.status !== 'accepted' || seen.has(ref.referralId)) continue;
              seen.add(ref.referralId);
              const pub = o.published.get(ref.referralId);
              if (!pub) {
                result.roundTrip.missingPublishTimes += 1;
                continue;
              }
              result.roundTrip.fromSendMs.push(receivedAt - pub.sendAt);
              result.roundTrip.fromAckMs.push(receivedAt - pub.ackAt);
              result.roundTrip.sendToAckMs.push(pub.ackAt - pub.sendAt);
              result.roundTrip.toLiveUpdateMs.push(liveAt - pub.sendAt);
              result.roundTrip.observations.push({ caseId: caseId!, referralId: ref.referralId, liveAt, seenAt: receivedAt, ...pub });
            }
          }
          if (refs.length >= PLAN.lines.length && refs.every((x) => x.status === 'accepted')) {
            if (result.samples.length < 5) result.samples.push({ caseId, referralIds: refs.map((x) => x.referralId), caseworkerToken: cw });
            break;
          }
          if (Date.now() - approvedAt > o.caseTimeoutMs) {
            throw new Error(
              `not done ${o.caseTimeoutMs / 1000} s after approval: case ${json.status}, referrals ${refs.map((x) => x.status).join(',') || 'none'}`,
            );
          }
          // The case is read again when its stream says it changed (changes that came during the read at once);
          // a change the stream missed is caught by reading anyway after fallbackReadMs.
          const changes = await stream!.take(o.fallbackReadMs);
          if (changes.length > 0) liveAt = changes[changes.length - 1]!.at;
          else result.fallbackReads += 1;
        }
      } finally {
        stream?.close();
      }
      const end = Date.now();
      result.doneAt.push(end);
      result.caseMs.push(end - t0);
      result.approvalToDoneMs.push(end - approvedAt);
    } catch (err) {
      (err as { caseId?: string }).caseId = caseId;
      throw err;
    }
  };

  const pace = createPacer(o.rate);
  const lane = async () => {
    while (next < o.recipients.length) {
      const r = o.recipients[next++]!;
      await pace(r.index);
      inFlight += 1;
      report();
      try {
        await runCase(r);
      } catch (err) {
        result.failures.push({
          index: r.index,
          caseId: (err as { caseId?: string }).caseId,
          error: err instanceof Error ? err.message : String(err),
        });
      } finally {
        inFlight -= 1;
        report();
      }
    }
  };
  const ticker = setInterval(report, 500);
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.recipients.length) }, lane));
  } finally {
    clearInterval(ticker);
  }
  result.endedAt = result.doneAt.length ? Math.max(...result.doneAt) : Date.now();
  return result;
}
