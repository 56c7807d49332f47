/**
 * What the case steps' unit tests share: an outcome or a refusal taken out of a step's result (failing the test
 * otherwise), and taking an action through the lifecycle rules and the step as the workflow does. Test code only.
 */
import type { Actor } from '../actor';
import type { CaseIntake } from './case-inputs';
import { openedCaseState, type CaseState } from './case-state';
import { DEFAULT_POLICY } from '../policy-defaults';
import type { Refusal, StepContext, StepOutcome, StepResult } from './case-step';
import { decideCaseAction } from './steps';

export function ok(r: StepResult): StepOutcome {
  if ('refused' in r) throw new Error(`refused: ${r.message}`);
  return r;
}

export function refused(r: StepResult): Refusal {
  if (!('refused' in r)) throw new Error('expected a refusal');
  return r;
}

/** `act(state, action, input, ctx?)` with the test file's own default context. */
export const actWith =
  (defaultCtx: StepContext) =>
  (state: CaseState, action: Parameters<typeof decideCaseAction>[0], input: object, c = defaultCtx) =>
    decideCaseAction(action, state, input as { actor: Actor }, c);

/** A self-applicant's intake in dong 11110510 by the given caseworker (the tests' usual person). */
export const sampleIntake = (actor: Actor = { role: 'caseworker', id: 'cw-11110510-03' }): CaseIntake => ({
  recipientPseudoId: 'p-12345678',
  districtCode: '11110',
  dongCode: '11110510',
  application: { applicantType: 'self' },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor,
});

/** The case `sampleIntake` opens, as of 2026-11-01. */
export const sampleCase = (intake: CaseIntake = sampleIntake()): CaseState =>
  openedCaseState('case-p-12345678', intake, DEFAULT_POLICY, '2026-11-01T00:00:00.000Z');
