/**
 * The event a case step publishes: a lifecycle event on the case topic (codes and ids only, no personal
 * data), which is also the step's audit record (audit/step-entry.ts). Built as pure data for the publishEvents
 * activity.
 */
import type { PublishEventInput } from '../../activities/publish-event';
import type { StepEvent } from '../../domain/case/case-step';
import { CASE_EVENT_TYPES, CASE_LISTING_CHANGED_TYPE } from '../../domain/vocabulary';
import { SYSTEM_ACTOR } from '../../domain/actor';
import type { CaseListingFacts } from '../../domain/listing/case-listing';
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

/** Whether an event is one of this case's own (a step's, or its listing's), not a referral's. */
export function isCaseEvent(e: PublishEventInput, caseId: string): boolean {
  return e.destination.stream === 'caseEvents' && e.subject === caseId;
}

/**
 * What the lists show of the case changed with no step to carry it (a deadline computed after its step was
 * published): the listing alone, at the case's last step (domain/listing/case-listing.ts). Not an audit record.
 */
export function caseListingChangedEvent(
  state: Pick<CaseState, 'caseId' | 'openedAt' | 'districtCode' | 'dongCode' | 'status' | 'timeline' | 'run'>,
  listing: CaseListingFacts,
  o: { at: string; historyLength: number },
): PublishEventInput {
  const seq = state.timeline.length;
  return {
    partitionKey: state.caseId,
    subject: state.caseId,
    time: o.at,
    actorrole: SYSTEM_ACTOR.role,
    actorid: SYSTEM_ACTOR.id,
    // One listing event a point in the run's history: a redelivery is the same event.
    eventKey: `${state.caseId}/${state.openedAt}/${seq}/listing/${state.run}/${o.historyLength}`,
    destination: { stream: 'caseEvents' },
    type: CASE_LISTING_CHANGED_TYPE,
    data: { caseId: state.caseId, seq, status: state.status, districtCode: state.districtCode, dongCode: state.dongCode, listing },
    audited: false,
  };
}
