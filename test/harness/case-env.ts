/**
 * A case-workflow test bench: the time-skipping server (Temporal's Java test server, nothing else), a worker on a
 * unique task queue running the shared workflow bundle with the real activities over a recording producer
 * (test/harness/recording-producer.ts: what would go to Kafka, validated against the contract), and step helpers.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { PROVIDER_DIRECTORY } from '../../domain/providers/directory';
import type { PolicyOverrides } from '../../domain/policy';
import { createActivities } from '../../workers/activities';
import {
  caseStateQuery,
  conferenceDecisionUpdate,
  decideEligibilityUpdate,
  draftPlanUpdate,
  recordAssessmentUpdate,
  recordConsentUpdate,
  recordPreSurveyUpdate,
  submitPlanUpdate,
} from '../../workflows/case/case.messages';
import { caseWorkflowId } from '../../domain/case/case-state';
import type { CaseIntake, ServiceLine } from '../../domain/case/case-inputs';
import type { caseWorkflow } from '../../workflows/case/case.workflow';
import type { Actor } from '../../domain/actor';
import { systemScope, type AccessScope, type SystemScope } from '../../domain/access';
import { uniqueId } from './ids';
import { createRecordingProducer, type RecordingProducer } from './recording-producer';
import { testLogger } from './kafka';
import { createTimeSkippingEnv } from './time-skipping';
import { workflowBundle } from './workflow-bundle';
import { testAuditSealer, testCodec, testDataConverter } from './test-codec';
import { createCaseStatePublisher } from '../../workers/case-state-sink';

export const DONG = '11110510';
export const DISTRICT = '11110';
export const caseworker: Actor = { role: 'caseworker', id: 'cw-kim' };
export const supervisor: Actor = { role: 'supervisor', id: 'sv-lee' };
export const assessor: Actor = { role: 'assessor', id: 'nhis-1' };
/** The caller scope tests act with (domain/access.ts): a process of Dolbom, named, as every action must name its caller. */
export const TEST_SCOPE: SystemScope = systemScope('test');

export interface CaseBench {
  env: TestWorkflowEnvironment;
  /** Case ids started on this bench; terminated with their referrals at close. */
  caseIds: string[];
  /** What the activities published, per topic. */
  published: RecordingProducer;
  worker: Worker;
  taskQueue: string;
  running: Promise<void>;
  close(): Promise<void>;
}

export async function createCaseBench(name: string, policyOverrides: PolicyOverrides = {}): Promise<CaseBench> {
  const env = await createTimeSkippingEnv();
  const published = createRecordingProducer(name);
  const taskQueue = uniqueId(name);
  const caseStates = createCaseStatePublisher({
    producer: published.producer,
    topic: published.topics.caseState,
    codec: testCodec,
    logger: testLogger,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    sinks: caseStates.sinks,
    workflowBundle: workflowBundle(),
    dataConverter: testDataConverter,
    activities: createActivities({
      producer: published.producer,
      topics: published.topics,
      directory: PROVIDER_DIRECTORY,
      policyOverrides,
      auditSealer: testAuditSealer,
    }),
  });
  const running = worker.run();
  const caseIds: string[] = [];
  return {
    env,
    caseIds,
    published,
    worker,
    taskQueue,
    running,
    async close() {
      // The time-skipping server is shared by the run: it skips time only when no work is pending anywhere,
      // so this bench's open workflows must not outlive it.
      for (const caseId of caseIds) {
        const handle = env.client.workflow.getHandle(caseId);
        const state = await handle.query(caseStateQuery).catch(() => undefined);
        for (const id of [caseId, ...Object.keys(state?.referrals ?? {})]) {
          await env.client.workflow
            .getHandle(id)
            .terminate('test bench closed')
            .catch(() => undefined);
        }
      }
      worker.shutdown();
      await running;
      await caseStates.stop();
      await env.teardown();
    },
  };
}

export function intakeFor(pseudoId = uniqueId('p').toLowerCase(), overrides: Partial<CaseIntake> = {}): CaseIntake {
  return {
    recipientPseudoId: pseudoId,
    districtCode: DISTRICT,
    dongCode: DONG,
    application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
    personal: {
      name: '홍길순',
      rrn: '480312-2123456',
      birthDate: '1948-03-12',
      phone: '010-1234-5678',
      healthNotes: 'diabetes; fall last winter',
    },
    actor: caseworker,
    ...overrides,
  };
}

export async function startCase(
  bench: CaseBench,
  intake = intakeFor(),
  historyLimit?: number,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>> {
  const workflowId = caseWorkflowId(intake.recipientPseudoId);
  if (!bench.caseIds.includes(workflowId)) bench.caseIds.push(workflowId);
  return bench.env.client.workflow.start('caseWorkflow', {
    taskQueue: bench.taskQueue,
    workflowId: caseWorkflowId(intake.recipientPseudoId),
    args: [{ intake, ...(historyLimit ? { historyLimit } : {}) }],
    workflowExecutionTimeout: '3650 days',
  }) as Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>>;
}

const ADL_DEPENDENT = { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 } as const;

/** Intake -> consent -> pre-survey -> assessment -> eligible: the case is ready for its plan. */
export async function bringToPlanning(handle: WorkflowHandle<typeof caseWorkflow>, scope: AccessScope = TEST_SCOPE): Promise<void> {
  await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: caseworker, givenBy: 'person', method: 'written' }, scope] });
  const pre = await handle.executeUpdate(recordPreSurveyUpdate, {
    args: [{ actor: caseworker, survey: { adl: ADL_DEPENDENT, livesAlone: true } }, scope],
  });
  if (!pre.requestFullAssessment) throw new Error('fixture expects a full assessment');
  await handle.executeUpdate(recordAssessmentUpdate, {
    args: [
      { actor: assessor, result: { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: ['housing'], assessor: 'NHIS' } },
      scope,
    ],
  });
  const decision = await handle.executeUpdate(decideEligibilityUpdate, {
    args: [{ actor: caseworker, severeDisabilityRecognised: false, difficultyCauses: ['frailty'] }, scope],
  });
  if (!decision.eligible) throw new Error(`fixture expects eligibility: ${decision.reasons.join(', ')}`);
}

export function line(lineId: string, serviceCode: string, preferredProviderId?: string): ServiceLine {
  return {
    lineId,
    serviceCode,
    quantity: { amount: 2, unit: 'visit', per: 'week' },
    period: { start: '2026-12-01', end: '2027-05-31' },
    method: 'visit',
    ...(preferredProviderId ? { preferredProviderId } : {}),
  };
}

/** Drafts, submits and approves a plan with the given lines. */
export async function approvePlan(
  handle: WorkflowHandle<typeof caseWorkflow>,
  lines: ServiceLine[],
  scope: AccessScope = TEST_SCOPE,
): Promise<void> {
  await handle.executeUpdate(draftPlanUpdate, {
    args: [
      {
        actor: caseworker,
        lines,
        personHeard: true,
        ...(lines.length > 1 ? { coordination: 'weekly call between providers, led by the dong caseworker' } : {}),
      },
      scope,
    ],
  });
  await handle.executeUpdate(submitPlanUpdate, { args: [{ actor: caseworker }, scope] });
  await handle.executeUpdate(conferenceDecisionUpdate, { args: [{ actor: supervisor, decision: 'approve' }, scope] });
}

/** Polls until the predicate holds (workflow progress is asynchronous to the test); a read that fails, e.g.
 * a child workflow not started yet, counts as not yet. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20000): Promise<T> {
  const start = Date.now();
  for (;;) {
    let last: unknown;
    try {
      const v = await read();
      if (ok(v)) return v;
      last = v;
    } catch (err) {
      last = err instanceof Error ? `${err.name}: ${err.message}` : err;
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The failure a validator refused an update with; throws when the update was taken, or failed otherwise. */
export async function refusal(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
    throw err;
  }
  throw new Error('expected the update to be refused');
}
