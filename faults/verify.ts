/**
 * What a fault run checks once its cases settled, against the provider side's ledger (the simulator's record
 * of every distinct request event it saw and what it answered). Pure: snapshots and ledger in, findings out.
 *
 * - lost: a case not settled, a plan line without its referral, a request attempt no provider received, a
 *   provider's answer the referral never applied, or a case that sees its referral differently;
 * - duplicated: an attempt sent as more than one distinct event, a request the referral never made, an answer
 *   applied more than once (two timeline entries), an outcome different from the answer given.
 */
import { type ReferralState } from '../workflows/referral/referral.messages';
import { caseSettled, type CaseSnapshot } from './load';

export interface LedgerEntry {
  referralId: string;
  attempt: number;
  providerId: string;
  answer: 'accepted' | 'rejected';
}

export interface Findings {
  cases: number;
  referrals: number;
  attempts: number;
  lost: string[];
  duplicated: string[];
}

const DECISIONS = new Set(['provider.accepted', 'provider.rejected']);

function checkReferral(r: ReferralState, sent: Map<number, LedgerEntry[]>, f: Findings): void {
  const id = r.referralId;
  for (const a of r.attempts) {
    f.attempts += 1;
    const requests = sent.get(a.attempt) ?? [];
    if (requests.length === 0) f.lost.push(`${id} attempt ${a.attempt}: no provider received its request`);
    if (requests.length > 1) f.duplicated.push(`${id} attempt ${a.attempt}: sent as ${requests.length} distinct events`);
    const answer = requests[0]?.answer;
    if (!answer) continue;
    if (a.outcome === undefined) f.lost.push(`${id} attempt ${a.attempt}: the provider ${answer} it, the referral never applied it`);
    else if (a.outcome !== answer) f.duplicated.push(`${id} attempt ${a.attempt}: outcome ${a.outcome}, but the provider ${answer} it`);
  }
  for (const n of sent.keys()) {
    if (!r.attempts.some((a) => a.attempt === n))
      f.duplicated.push(`${id}: providers received attempt ${n}, which the referral never made`);
  }
  const decided = r.attempts.filter((a) => a.outcome === 'accepted' || a.outcome === 'rejected').length;
  const entries = r.timeline.filter((t) => DECISIONS.has(t.action)).length;
  if (entries > decided) f.duplicated.push(`${id}: ${entries} decisions in its timeline for ${decided} decided attempts`);
}

export function verify(snapshots: Map<string, CaseSnapshot>, caseIds: string[], ledger: Iterable<LedgerEntry>): Findings {
  const f: Findings = { cases: caseIds.length, referrals: 0, attempts: 0, lost: [], duplicated: [] };
  const byReferral = new Map<string, Map<number, LedgerEntry[]>>();
  for (const e of ledger) {
    const attempts = byReferral.get(e.referralId) ?? new Map<number, LedgerEntry[]>();
    attempts.set(e.attempt, [...(attempts.get(e.attempt) ?? []), e]);
    byReferral.set(e.referralId, attempts);
  }
  for (const caseId of caseIds) {
    const s = snapshots.get(caseId);
    if (!s) {
      f.lost.push(`${caseId}: could not be read`);
      continue;
    }
    if (!caseSettled(s))
      f.lost.push(`${caseId}: not settled (${s.referrals.map((r) => `${r.lineId}:${r.status}`).join(', ') || 'no referrals'})`);
    const lines = s.state.approvedPlan?.lines.length ?? 0;
    if (s.referrals.length !== lines) f.lost.push(`${caseId}: ${lines} plan lines, ${s.referrals.length} referrals`);
    for (const r of s.referrals) {
      f.referrals += 1;
      checkReferral(r, byReferral.get(r.referralId) ?? new Map(), f);
      const seen = s.state.referrals[r.referralId]?.status;
      if (seen !== r.status) f.lost.push(`${caseId}: sees ${r.referralId} as ${seen}, the referral is ${r.status}`);
    }
  }
  return f;
}
