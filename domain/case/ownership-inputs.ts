/**
 * What the case's ownership actions take (Rule Arts. 7-8: the dong's caseworker carries the case; Act Art. 10:
 * the dong of residence): a reassignment to another caseworker of the dong, and a transfer to the dong the
 * person moved to. The case workflow's updates carry these (workflows/case/case.messages.ts); the steps are in
 * domain/case/ownership-steps.ts. Built once per thread (domain/shared.ts).
 */
import type { z } from 'zod';
import { Actor } from '../actor';
import { sharedInWorkflows } from '../shared';
import { REASSIGNMENT_REASONS, TRANSFER_REASONS } from '../vocabulary';

export type ReassignCase = z.infer<typeof ReassignCase>;
export type TransferCase = z.infer<typeof TransferCase>;

/** A staff member's id as tokens carry it (`sub`): letters, digits and `._:@-`, never free text. */
export const STAFF_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { CaseworkerId, ReassignCase, TransferCase } = sharedInWorkflows('domain/case/ownership-inputs', (z) => {
  /** A caseworker's staff id, as in the caller's token (`sub`). */
  const CaseworkerId = z.string().regex(STAFF_ID_PATTERN, 'a caseworker id: letters, digits and ._:@- (their sign-in id)');
  const ReassignCase = z.strictObject({ actor: Actor, toCaseworkerId: CaseworkerId, reason: z.enum(REASSIGNMENT_REASONS) });
  const TransferCase = z.strictObject({
    actor: Actor,
    toDongCode: z.string().regex(/^11\d{6}$/, 'dong code: the district code + 3 digits'),
    /** The new dong's caseworker, when known; otherwise the case waits there unassigned until one takes it. */
    toCaseworkerId: CaseworkerId.optional(),
    reason: z.enum(TRANSFER_REASONS),
  });
  return { CaseworkerId, ReassignCase, TransferCase };
});
