/**
 * The events a case step publishes: a lifecycle event on the case topic (codes and ids only, no personal
 * data) and its audit record. Built as pure data for the publishEvents activity.
 */
import type { PublishEventInput } from '../../activities/publish-event';
import type { StepEvent } from '../../domain/case/case-step';
import { AUDIT_EVENT_TYPE, CASE_EVENT_TYPES } from '../../domain/vocabulary';
import type { CaseState } from '../../domain/case/case-state';

/** One recorded step (domain/case/case-step.ts StepEvent) with its place on the timeline. */
export type RecordedStep = StepEvent & { seq: number; at: string };

export function caseStepEvents(
  state: Pick<CaseState, 'caseId' | 'openedAt' | 'districtCode' | 'dongCode'>,
  step: RecordedStep,
): PublishEventInput[] {
  const common = {
    partitionKey: state.caseId,
    subject: state.caseId,
    time: step.at,
    actorrole: step.actor.role,
    actorid: step.actor.id,
  };
  return [
    {
      ...common,
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
    },
    {
      ...common,
      eventKey: `${state.caseId}/${state.openedAt}/${step.seq}/audit`,
      destination: { stream: 'audit' },
      type: AUDIT_EVENT_TYPE,
      data: {
        caseId: state.caseId,
        target: state.caseId,
        action: step.kind,
        access: 'write',
        actorRole: step.actor.role,
        actorId: step.actor.id,
        at: step.at,
        details: { status: step.status, step: step.details },
      },
    },
  ];
}
