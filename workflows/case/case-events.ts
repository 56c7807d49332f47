/**
 * The event a case step publishes: a lifecycle event on the case topic (codes and ids only, no personal
 * data), which is also the step's audit record (audit/step-entry.ts). Built as pure data for the publishEvents
 * activity.
 */
import type { PublishEventInput } from '../../activities/publish-event';
import type { StepEvent } from '../../domain/case/case-step';
import { CASE_EVENT_TYPES } from '../../domain/vocabulary';
import type { CaseState } from '../../domain/case/case-state';

/** One recorded step (domain/case/case-step.ts StepEvent) with its place on the timeline. */
export type RecordedStep = StepEvent & { seq: number; at: string };

export function caseStepEvent(
  state: Pick<CaseState, 'caseId' | 'openedAt' | 'districtCode' | 'dongCode'>,
  step: RecordedStep,
): PublishEventInput {
  return {
    partitionKey: state.caseId,
    subject: state.caseId,
    time: step.at,
    actorrole: step.actor.role,
    actorid: step.actor.id,
    eventKey: `${state.caseId}/${state.openedAt}/${step.seq}/case`,
    destination: { stream: 'caseEvents' },
    type: CASE_EVENT_TYPES[step.kind],
    data: {
      caseId: state.caseId,
      seq: step.seq,
      status: step.status,
      districtCode: state.districtCode,
      dongCode: state.dongCode,
      details: step.details,
    },
    audited: true,
  };
}
