/**
 * Errors as application/problem+json (RFC 9457), with field-level detail for invalid input, and the mapping
 * from Temporal's answers to HTTP: a refused action is 409 with its reason, an unknown case 404.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERR_ACTION_NOT_ALLOWED, ERR_INVALID_INPUT, ERR_OUT_OF_SCOPE } from '../domain/failures';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export const problems = {
  unauthorized: (detail: string) =>
    new HttpProblem({ type: 'urn:dolbom:problem:unauthorized', title: 'Authentication required', status: 401, detail }),
  forbidden: (detail: string) =>
    new HttpProblem({ type: 'urn:dolbom:problem:forbidden', title: 'Not allowed for this role or area', status: 403, detail }),
  notFound: (detail: string) => new HttpProblem({ type: 'urn:dolbom:problem:not-found', title: 'Not found', status: 404, detail }),
  conflict: (detail: string, extra: Record<string, unknown> = {}) =>
    new HttpProblem({ type: 'urn:dolbom:problem:action-refused', title: 'Action refused', status: 409, detail, ...extra }),
  invalid: (detail: string, errors?: Problem['errors']) =>
    new HttpProblem({
      type: 'urn:dolbom:problem:invalid-input',
      title: 'Invalid input',
      status: 400,
      detail,
      ...(errors ? { errors } : {}),
    }),
  tooManyRequests: (detail: string) =>
    new HttpProblem({ type: 'urn:dolbom:problem:too-many-requests', title: 'Too many requests', status: 429, detail }),
  unavailable: (detail: string) =>
    new HttpProblem({ type: 'urn:dolbom:problem:unavailable', title: 'Service unavailable, retry shortly', status: 503, detail }),
};

/** gRPC status codes that mean "Temporal or its worker did not answer in time", not "the request was wrong". */
const UNAVAILABLE_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */, 1 /* CANCELLED */]);

export function isUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown; name?: string } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (e.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
  }
  return false;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json').send(p);
}

/** Turns anything thrown in a handler into a problem document; unknown errors are 500 without internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof HttpProblem) return err.problem;
  if (hasZodFastifySchemaValidationErrors(err)) {
    return problems.invalid(
      'the request does not match its schema',
      err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath || ''}`.replace(/\//g, '.'),
        message: v.message ?? 'invalid',
      })),
    ).problem;
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === ERR_ACTION_NOT_ALLOWED) return problems.conflict(err.cause.message).problem;
    if (err.cause.type === ERR_INVALID_INPUT) return problems.invalid(err.cause.message).problem;
    if (err.cause.type === ERR_OUT_OF_SCOPE) return problems.forbidden(err.cause.message).problem;
  }
  if (err instanceof WorkflowNotFoundError) return problems.notFound('no such case or referral').problem;
  if (isUnavailable(err)) return problems.unavailable('Temporal did not answer; retry shortly').problem;
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return problems.conflict('this person already has an open case', { existingCaseId: err.workflowId }).problem;
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode === 413)
    return { type: 'urn:dolbom:problem:too-large', title: 'Request body too large', status: 413, detail: e.message };
  if (e.statusCode === 415)
    return { type: 'urn:dolbom:problem:unsupported-media-type', title: 'Unsupported media type', status: 415, detail: e.message };
  if (e.statusCode === 400) return problems.invalid(e.message ?? 'bad request').problem;
  return {
    type: 'urn:dolbom:problem:internal',
    title: 'Internal error',
    status: 500,
    detail: 'the request could not be completed; it was logged',
  };
}
