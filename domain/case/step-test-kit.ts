/**
 * What the case steps' unit tests share: an outcome or a refusal taken out of a step's result (failing the test
 * otherwise), and taking an action through the lifecycle rules and the step as the workflow does. Test code only.
 */
import type { Actor } from '../actor';
import type { CaseState } from './case-state';
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
