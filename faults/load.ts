/**
 * The load of a fault run: cases started and brought to their plan through the Temporal client, then plans of
 * two service lines approved, so referrals go out to the simulated providers over Kafka and decisions come back
 * through the bridge. Approvals carry fixed update ids: retried while a part is down, each applies once.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { makeRecipients } from '../bench/recipients';
import { systemScope } from '../domain/access';
import { bringToPlanning, caseworker, eventually, supervisor } from '../test/harness/case-env';
import { caseStateQuery, conferenceDecisionUpdate, draftPlanUpdate, submitPlanUpdate } from '../workflows/case/case.messages';
import { caseWorkflowId, type CaseState } from '../domain/case/case-state';
import type { CaseIntake, ServiceLine } from '../domain/case/case-inputs';
import type { caseWorkflow } from '../workflows/case/case.workflow';
import { referralStateQuery, type ReferralState } from '../workflows/referral/referral.messages';

/** The two-line plan of every load case (a day-care and a housing line). */
export const LINES: ServiceLine[] = [
  {
    lineId: 'L1',
    serviceCode: 'DAY-01',
    quantity: { amount: 2, unit: 'visit', per: 'week' },
    period: { start: '2026-12-01', end: '2027-05-31' },
    method: 'visit',
  },
  {
    lineId: 'L2',
    serviceCode: 'HOU-01',
    quantity: { amount: 2, unit: 'visit', per: 'week' },
    period: { start: '2026-12-01', end: '2027-05-31' },
    method: 'visit',
  },
];

type CaseHandle = WorkflowHandle<typeof caseWorkflow>;
/** Who the load acts as: a process of Dolbom, named (domain/access.ts). */
const LOAD_SCOPE = systemScope('faults/load');
const PERSIST_MS = 240_000;

/** Starts n cases spread over Seoul's districts and brings each to planning; returns their ids. */
export async function prepareCases(client: Client, taskQueue: string, n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (const r of makeRecipients(n, Date.now() % 100_000)) {
    const intake: CaseIntake = {
      recipientPseudoId: `${tag}-${r.index}-${randomUUID().slice(0, 6)}`.toLowerCase(),
      districtCode: r.districtCode,
      dongCode: r.dongCode,
      application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
      personal: { ...r.personal, phone: '010-0000-0000' },
      actor: caseworker,
    };
    const handle = (await client.workflow.start('caseWorkflow', {
      taskQueue,
      workflowId: caseWorkflowId(intake.recipientPseudoId),
      args: [{ intake }],
    })) as CaseHandle;
    await bringToPlanning(handle, LOAD_SCOPE); // consent, pre-survey, assessment, eligibility: as the tests do
    ids.push(handle.workflowId);
  }
  return ids;
}

/** Drafts, submits and approves the two-line plan; each step has a fixed update id, so a retry is the same update. */
export async function approvePlan(client: Client, caseId: string): Promise<void> {
  const handle = client.workflow.getHandle(caseId) as CaseHandle;
  const id = (step: string) => `${caseId}-${step}`;
  // Retried while a part is down (a failed call counts as not yet); the fixed update id makes a retry the same update.
  const persist = <T>(call: () => Promise<T>) => eventually(call, () => true, PERSIST_MS);
  await persist(() =>
    handle.executeUpdate(draftPlanUpdate, {
      updateId: id('draft'),
      args: [
        { actor: caseworker, lines: LINES, personHeard: true, coordination: 'weekly call between providers, led by the dong caseworker' },
        LOAD_SCOPE,
      ],
    }),
  );
  await persist(() => handle.executeUpdate(submitPlanUpdate, { updateId: id('submit'), args: [{ actor: caseworker }, LOAD_SCOPE] }));
  await persist(() =>
    handle.executeUpdate(conferenceDecisionUpdate, {
      updateId: id('approve'),
      args: [{ actor: supervisor, decision: 'approve' }, LOAD_SCOPE],
    }),
  );
}

export interface CaseSnapshot {
  state: CaseState;
  referrals: ReferralState[];
}

/** A referral is settled once a provider accepted it, or every provider the policy allows declined (escalated). */
export const referralSettled = (r: ReferralState) => r.status === 'accepted' || r.escalated;

export async function snapshot(client: Client, caseId: string): Promise<CaseSnapshot> {
  const state = await client.workflow.getHandle(caseId).query(caseStateQuery);
  const referrals = await Promise.all(Object.keys(state.referrals).map((id) => client.workflow.getHandle(id).query(referralStateQuery)));
  return { state, referrals };
}

export function caseSettled(s: CaseSnapshot): boolean {
  const lines = s.state.approvedPlan?.lines.length ?? 0;
  // The case's own view of each referral must have caught up too (the referral tells its case on each change).
  return (
    lines > 0 &&
    s.referrals.length === lines &&
    s.referrals.every((r) => referralSettled(r) && s.state.referrals[r.referralId]?.status === r.status)
  );
}

/** Polls until every case is settled or the time runs out; returns the last snapshots and when it settled. */
export async function waitSettled(
  client: Client,
  caseIds: string[],
  timeoutMs: number,
): Promise<{ snapshots: Map<string, CaseSnapshot>; settledAt?: number }> {
  const deadline = Date.now() + timeoutMs;
  const snapshots = new Map<string, CaseSnapshot>();
  for (;;) {
    for (const id of caseIds) {
      if (snapshots.has(id) && caseSettled(snapshots.get(id)!)) continue;
      try {
        snapshots.set(id, await snapshot(client, id));
      } catch {
        // a part is still coming back: read again on the next round
      }
    }
    if (caseIds.every((id) => snapshots.has(id) && caseSettled(snapshots.get(id)!))) return { snapshots, settledAt: Date.now() };
    if (Date.now() > deadline) return { snapshots };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How many of these cases are not settled now (the cases in flight). */
export async function countInFlight(client: Client, caseIds: string[]): Promise<number> {
  let n = 0;
  for (const id of caseIds) {
    const s = await snapshot(client, id).catch(() => undefined);
    if (!s || !caseSettled(s)) n += 1;
  }
  return n;
}
