/**
 * Who carries a case (Rule Arts. 7-8: the dong's caseworker runs the case from intake to closure; Act Art. 10: the
 * dong of residence takes the application): the caseworker assigned at intake, a reassignment within the dong
 * (one case, or every case of a caseworker who leaves, api/services/caseload-reassignment.ts), and a transfer
 * when the person moves to another dong of the district. Each is a recorded step, so it is audited like any other.
 * Also the notes the conference and the closure keep: free text, possibly personal, so they stay in the case's
 * state (encrypted in history by the payload codec, privacy/encryption-codec.ts) and events say only that one exists.
 */
import type { z } from 'zod';
import type { CaseIntake } from './case-inputs';
import type { CaseState } from './case-state';
import { refuse, stepEvent, type StepContext, type StepResult } from './case-step';
import type { ReassignCase, TransferCase } from './ownership-inputs';

type Step<S extends z.ZodType> = (state: CaseState, input: z.output<S>, ctx: StepContext) => StepResult;

/** The caseworker a new case is assigned to: the one named at intake, or the caseworker who opened it. */
export function caseworkerAtIntake(intake: Pick<CaseIntake, 'actor' | 'assignedCaseworkerId'>): string | undefined {
  return intake.assignedCaseworkerId ?? (intake.actor.role === 'caseworker' ? intake.actor.id : undefined);
}

/** A case opened under the law's remaining duties has its caseworker from intake on; earlier cases get one when reassigned. */
export function withCaseworkerAtIntake(state: CaseState, intake: CaseIntake, ctx: Pick<StepContext, 'flags'>): CaseState {
  if (!ctx.flags.lawDuties) return state;
  return { ...state, assignedCaseworkerId: caseworkerAtIntake(intake) ?? null };
}

/** The district a dong belongs to: its code's first five digits (domain/areas/seoul-areas.json keeps that shape). */
export const districtCodeOfDong = (dongCode: string) => dongCode.slice(0, 5);

/** Another caseworker of the dong takes the case (the supervisor, or a caseworker of the dong, decides). */
export const reassignCase: Step<typeof ReassignCase> = (state, a) => {
  if (state.assignedCaseworkerId === a.toCaseworkerId) return refuse(`case ${state.caseId} is already assigned to ${a.toCaseworkerId}`);
  const from = state.assignedCaseworkerId ?? undefined;
  return {
    state: { ...state, assignedCaseworkerId: a.toCaseworkerId },
    events: [
      stepEvent('caseReassigned', a.actor, state.status, {
        ...(from ? { fromCaseworkerId: from } : {}),
        toCaseworkerId: a.toCaseworkerId,
        reason: a.reason,
      }),
    ],
    commands: [],
    reply: {},
  };
};

/**
 * The person moved to another dong (Act Art. 10: the dong of residence): the case goes there, and with it who may
 * see and act on it (domain/access.ts reads the case's dong). Within the district only: the district's own
 * conference, policy and staff carry the case; a move to another district is a new application there.
 */
export const transferCase: Step<typeof TransferCase> = (state, a) => {
  if (a.toDongCode === state.dongCode) return refuse(`case ${state.caseId} is already in dong ${a.toDongCode}`);
  if (districtCodeOfDong(a.toDongCode) !== state.districtCode)
    return refuse(
      `dong ${a.toDongCode} is outside district ${state.districtCode}: a person who moves to another district applies there (Act Art. 10), and this case is closed when that district opens one`,
      'DolbomActionNotAllowed',
      'OTHER_DISTRICT',
    );
  return {
    state: { ...state, dongCode: a.toDongCode, assignedCaseworkerId: a.toCaseworkerId ?? null },
    events: [
      stepEvent('caseTransferred', a.actor, state.status, {
        fromDongCode: state.dongCode,
        toDongCode: a.toDongCode,
        ...(a.toCaseworkerId ? { toCaseworkerId: a.toCaseworkerId } : {}),
        reason: a.reason,
      }),
    ],
    commands: [],
    reply: {},
  };
};

/** A conference's or closure's note, kept in the case for cases under the law's remaining duties. */
export const keptNote = (ctx: Pick<StepContext, 'flags'>, note: string | undefined): { note?: string } =>
  ctx.flags.lawDuties && note ? { note } : {};

/** What the event says of a kept note: only that there is one. */
export const noteMark = (kept: { note?: string }): { noteKept?: true } => (kept.note ? { noteKept: true } : {});
