/**
 * One real case carried from intake to an approved plan on the running system (the same steps and inputs as
 * the benchmark's Dolbom path, as Temporal updates), whose state is then the template of many open cases in
 * monitoring: each is started with that state, as continue-as-new would start it, and waits on its
 * monitoring timer (months away) and nothing else.
 */
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import { systemScope } from '../domain/access';
import type { Actor } from '../domain/actor';
import { bringToPlanning } from '../test/harness/case-env';
import {
  caseStateQuery,
  conferenceDecisionUpdate,
  draftPlanUpdate,
  submitPlanUpdate,
  type CaseWorkflowInput,
} from '../workflows/case/case.messages';
import { caseWorkflowId, type CaseState } from '../domain/case/case-state';
import { type CaseIntake, DraftPlan } from '../domain/case/case-inputs';
import type { caseWorkflow } from '../workflows/case/case.workflow';
import { PLAN } from './dolbom-path';
import { syntheticPerson } from './recipients';
import { seededRandom } from '../domain/seeded-random';

const DONG = '11110510';
const DISTRICT = '11110';
const CASEWORKER: Actor = { role: 'caseworker', id: 'bench-cw-open-cases' };
const SUPERVISOR: Actor = { role: 'supervisor', id: 'bench-sv-open-cases' };
/** Who the benchmark acts as: a process of Dolbom, named (domain/access.ts). */
const BENCH_SCOPE = systemScope('bench/open-cases');
const DAY_MS = 24 * 3600 * 1000;

export interface OpenCaseTemplate {
  intake: CaseIntake;
  state: CaseState;
}

export async function buildTemplate(client: Client, taskQueue: string, runId: string): Promise<OpenCaseTemplate> {
  const recipientPseudoId = `openbench-${runId}-template`;
  const intake: CaseIntake = {
    recipientPseudoId,
    districtCode: DISTRICT,
    dongCode: DONG,
    application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
    personal: syntheticPerson(seededRandom(1)),
    actor: CASEWORKER,
  };
  const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    taskQueue,
    workflowId: caseWorkflowId(recipientPseudoId),
    args: [{ intake } satisfies CaseWorkflowInput],
  });
  await bringToPlanning(handle, BENCH_SCOPE); // consent, pre-survey, assessment, eligibility: as the tests do
  await handle.executeUpdate(draftPlanUpdate, { args: [{ actor: CASEWORKER, ...PLAN } as z.input<typeof DraftPlan>, BENCH_SCOPE] });
  await handle.executeUpdate(submitPlanUpdate, { args: [{ actor: CASEWORKER }, BENCH_SCOPE] });
  await handle.executeUpdate(conferenceDecisionUpdate, { args: [{ actor: SUPERVISOR, decision: 'approve' }, BENCH_SCOPE] });
  // The referrals are out and the monitoring check is scheduled once nextDue is set.
  for (let i = 0; i < 100; i++) {
    const state = await handle.query(caseStateQuery);
    if (state.monitoring.nextDue && Object.keys(state.referrals).length === PLAN.lines.length) {
      await terminateWithReferrals(client, state);
      return { intake, state };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the template case ${handle.workflowId} did not reach monitoring`);
}

/** The template's own workflows are not part of the measured set. */
async function terminateWithReferrals(client: Client, state: CaseState): Promise<void> {
  for (const id of [state.caseId, ...Object.keys(state.referrals)]) {
    await client.workflow
      .getHandle(id)
      .terminate('open-cases template done')
      .catch(() => undefined);
  }
}

/** The input that starts open case i of a run from the template: new ids, the same shape and size. */
export function openCaseInput(t: OpenCaseTemplate, runId: string, i: number): { workflowId: string; input: CaseWorkflowInput } {
  const recipientPseudoId = `openbench-${runId}-${i}`;
  const caseId = caseWorkflowId(recipientPseudoId);
  const referrals = Object.fromEntries(
    Object.values(t.state.referrals).map((r) => {
      const referralId = r.referralId.replace(t.state.caseId, caseId);
      return [referralId, { ...r, referralId, status: 'accepted' as const, respondBy: undefined }];
    }),
  );
  const state: CaseState = { ...t.state, caseId, recipientPseudoId, referrals };
  // The monitoring check is due in months: the case sleeps on that durable timer.
  const monitoringOverdueAt = new Date(Date.parse(`${t.state.monitoring.nextDue!}T12:00:00+09:00`) + 7 * DAY_MS).toISOString();
  return { workflowId: caseId, input: { intake: { ...t.intake, recipientPseudoId }, state, monitoringOverdueAt } };
}
