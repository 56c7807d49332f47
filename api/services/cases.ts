/**
 * What a caseworker, supervisor or assessor does with cases, as plain functions over the API's context: the
 * HTTP routes (api/routes/case-routes.ts) and the console call these, so a scope check, an audit record or a
 * refusal is written once. Reads are scoped to the caller's area and audited; a refused attempt is audited too
 * (action `access.refused`), with who tried.
 */
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import { ERR_OUT_OF_SCOPE } from '../../domain/failures';
import { districtOfDong } from '../../domain/areas/areas';
import { canAccessCase, outOfScopeMessage } from '../../domain/access';
import { caseState } from './case-state';
import { caseWorkflowId, type CaseState } from '../../domain/case/case-state';
import type { Application, PersonalDetails } from '../../domain/case/case-inputs';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { HttpProblem, problems } from '../problem';
import { pageOf, pageWindow, type Page } from '../page';
import type { CaseActionRoute } from '../routes/case-actions';
import { refuseUnfitProviders } from './provider-choices';
import { withinDeadline } from './temporal-calls';
import { SA } from '../../workflows/search-attributes';
import { caseOpenedUpdate } from '../../workflows/case/case.messages';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';

/** What a caller sees of a case: personal details only for the dong's caseworker, and the RRN masked. */
export function caseView(state: CaseState, p: Principal) {
  const { personal, ...rest } = state;
  if (p.role !== 'caseworker') return rest;
  return { ...rest, personal: { ...personal, rrn: `${personal.rrn.slice(0, 6)}-*******` } };
}

/** Audits a refused attempt (who, from where, which case) and returns the 403 to throw. */
export async function refused(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string, detail: string) {
  await ctx.recordRead(p, req, { caseId, target: caseId, action: 'access.refused' });
  req.log.warn({ caseId, principal: { role: p.role, sub: p.sub } }, "access refused: outside the caller's area");
  return problems.forbidden(detail);
}

/** The case's state, if the caller's area covers it (403, audited, otherwise). Not itself audited as a read. */
export async function loadCaseInScope(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  caseId: string,
  minSeq?: number,
): Promise<CaseState> {
  if (p.role === 'provider') throw await refused(ctx, p, req, caseId, 'providers act on their referrals, not on cases');
  const state = await caseState(ctx, caseId, minSeq);
  if (!canAccessCase(p, state)) throw await refused(ctx, p, req, caseId, outOfScopeMessage(caseId, p));
  return state;
}

/** A case as its caller may see it; the read is audited. */
export async function viewCase(ctx: ApiContext, p: Principal, req: FastifyRequest, caseId: string, minSeq?: number) {
  const state = await loadCaseInScope(ctx, p, req, caseId, minSeq);
  await ctx.recordRead(p, req, { caseId: state.caseId, target: state.caseId, action: 'case.viewed' });
  return caseView(state, p);
}

export interface IntakeInput {
  dongCode: string;
  application: Application;
  personal: PersonalDetails;
  /** The dong caseworker who carries the case, when not the one who opens it (domain/case/ownership-steps.ts). */
  assignedCaseworkerId?: string;
}

/**
 * Intake by the dong's caseworker: one case per person. A second intake is refused with the open case's id only
 * when that case is in one of the caller's dongs; a case elsewhere is not named (that would tell whether a
 * resident has a case in another dong: issue 14), and the attempt is audited against that case instead.
 */
export async function openCase(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  body: IntakeInput,
): Promise<{ caseId: string; status: 'awaitingConsent' }> {
  try {
    return await startCase(ctx, p, body);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError) || p.role !== 'caseworker') throw err;
    const existing = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () => ctx.client.workflow.getHandle(err.workflowId).describe());
    const dong = existing.typedSearchAttributes.get(SA.dong);
    if (dong !== undefined && p.dongs.includes(dong)) throw err;
    await ctx.recordRead(p, req, { caseId: err.workflowId, target: err.workflowId, action: 'access.refused' });
    throw problems.conflict('this person already has an open case in another area; its district supervisor can transfer it');
  }
}

async function startCase(ctx: ApiContext, p: Principal, body: IntakeInput): Promise<{ caseId: string; status: 'awaitingConsent' }> {
  if (p.role !== 'caseworker') throw problems.forbidden('intake is taken by the dong caseworker');
  if (!p.dongs.includes(body.dongCode)) throw problems.forbidden(`dong ${body.dongCode} is not yours`);
  const recipientPseudoId = ctx.pseudonymize(body.personal.rrn);
  const caseId = caseWorkflowId(recipientPseudoId);
  const districtCode = districtOfDong(body.dongCode).code;
  const start = new WithStartWorkflowOperation('caseWorkflow', {
    taskQueue: ctx.taskQueue,
    workflowId: caseId,
    workflowIdConflictPolicy: 'FAIL',
    // Set with the start, so a second intake can tell at once whether the case is in the caller's dongs.
    typedSearchAttributes: [{ key: SA.dong, value: body.dongCode }],
    args: [
      {
        intake: { ...body, recipientPseudoId, districtCode, actor: { role: 'caseworker', id: p.sub } },
        // Resolved here, so the case's first workflow task, which intake's answer waits for, runs no local activity.
        policy: ctx.districtPolicy(districtCode),
      },
    ],
  });
  // The start carries intake's answer (workflows/case/case.messages.ts caseOpenedUpdate): it returns once the
  // case's first workflow task has run, so consent, the next step, does not wait for that task as well.
  const requestedAt = Date.now();
  try {
    const opened = await withinDeadline(ctx.client, ctx.workerTimeoutMs, async () => {
      const update = await ctx.client.workflow.startUpdateWithStart(caseOpenedUpdate, {
        args: [p],
        startWorkflowOperation: start,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      if (update.workflowRunId) ctx.runs.started(caseId, update.workflowRunId);
      return update.result();
    });
    ctx.caseEvents?.readModel.wrote(caseId, opened.seq);
  } catch (err) {
    if (!(err instanceof HttpProblem) || err.problem.status !== 503 || !(await startedSince(ctx, caseId, requestedAt))) throw err;
    // No worker answered within the deadline, but the start is durable: the case is open and runs its first task
    // when a worker returns. Intake is done; only its answer came without the case's first task.
  }
  return { caseId, status: 'awaitingConsent' };
}

/** Clock difference allowed between the API and Temporal when telling whether a run began after a request did. */
const CLOCK_SKEW_MS = 1000;

/**
 * Whether a start cut off by the deadline took place. Temporal holds an update-with-start until a worker accepts
 * the update (server v1.29.1 service/history/api/updateworkflow/api.go: up to its long-poll interval, 20 s), so
 * the API's deadline ends the call before any answer. A case that existed before would have been refused at once
 * (WorkflowExecutionAlreadyStartedError); a running case that began after this request is this request's.
 */
async function startedSince(ctx: ApiContext, caseId: string, requestedAt: number): Promise<boolean> {
  try {
    const d = await withinDeadline(ctx.client, ctx.workerTimeoutMs, () => ctx.client.workflow.getHandle(caseId).describe());
    return d.status.name === 'RUNNING' && d.startTime.getTime() >= requestedAt - CLOCK_SKEW_MS;
  } catch {
    return false;
  }
}

/** The case id a resident number leads to (through the pseudonym), without revealing whether it exists. */
export const caseIdForResident = (ctx: ApiContext, rrn: string) => caseWorkflowId(ctx.pseudonymize(rrn));

/**
 * One step of the process, as the case workflow's update. The caller's area is checked by the update's
 * validator against the case itself (403 when outside it, audited here), in the same round trip as the action.
 * `idempotencyKey` makes a repeated submission the same update: applied once, answered alike.
 */
export async function runCaseAction(
  ctx: ApiContext,
  p: Principal,
  req: FastifyRequest,
  o: { caseId: string; action: CaseActionRoute; body: object; params?: Record<string, string>; idempotencyKey?: string },
): Promise<{ status: string; seq: number; [k: string]: unknown }> {
  if (p.role === 'provider') throw problems.forbidden('providers act on their referrals, not on cases');
  const fromParams = Object.fromEntries(Object.entries(o.action.fromParams ?? {}).map(([param, field]) => [field, o.params?.[param]]));
  const input = { ...o.body, ...fromParams, actor: { role: p.role, id: p.sub } };
  await refuseUnfitProviders(ctx, p, o.caseId, o.action.update.name, input);
  try {
    const result = (await withinDeadline(ctx.client, ctx.workerTimeoutMs, () =>
      ctx.runs.update(o.caseId, (handle) =>
        handle.executeUpdate(o.action.update, {
          args: [input as never, p],
          ...(o.idempotencyKey ? { updateId: `${o.action.path}:${p.sub}:${o.idempotencyKey}` } : {}),
        }),
      ),
    )) as { status: string; seq: number };
    // This caller's next read shows what they just did.
    ctx.caseEvents?.readModel.wrote(o.caseId, result.seq);
    return result;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === ERR_OUT_OF_SCOPE) {
      throw await refused(ctx, p, req, o.caseId, err.cause.message);
    }
    throw err;
  }
}

export interface CaseloadQuery {
  status?: (typeof CASE_STATUSES)[number];
  overdue?: boolean;
  dong?: string;
  /** Only the cases the caller carries (Rule Arts. 7-8; the listing's assigned caseworker). */
  mine?: boolean;
  page: number;
  pageSize: number;
}

export interface CaseloadItem {
  caseId: string;
  status: unknown;
  dong: unknown;
  overdue: boolean;
  escalationOpen: boolean;
  openReferrals: number;
  nextDeadline: string | null;
  /** Who carries the case; null when unassigned or opened before ownership. */
  assignedCaseworkerId: string | null;
  openedAt: Date;
}

/** The caseload of the caseworker's dong(s), newest first, from the listing projection. */
export async function caseload(ctx: ApiContext, p: Principal, query: CaseloadQuery): Promise<Page<CaseloadItem>> {
  if (p.role !== 'caseworker') throw problems.forbidden('the caseload is a caseworker list; supervisors use /supervisor/*');
  const dongs = query.dong ? [query.dong] : p.dongs;
  if (!dongs.every((d) => p.dongs.includes(d))) throw problems.forbidden(`dong ${query.dong} is not yours`);
  const rows = await ctx.listings.cases({
    dongs,
    ...(query.status ? { status: query.status } : {}),
    ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
    ...(query.mine ? { assignedCaseworkerId: p.sub } : {}),
    ...pageWindow(query.page, query.pageSize),
  });
  return pageOf(rows, query.page, query.pageSize, (c) => ({
    caseId: c.caseId,
    status: c.status,
    dong: c.dongCode,
    overdue: c.overdue,
    escalationOpen: c.escalationOpen,
    openReferrals: c.openReferrals,
    nextDeadline: c.nextDeadline,
    assignedCaseworkerId: c.assignedCaseworkerId,
    openedAt: new Date(c.opened),
  }));
}
