/**
 * The events a case step publishes: a lifecycle event on the case topic (codes and ids only, no personal
 * data) and its audit record. Built as pure data for the publishEvents activity.
 */
import type { PublishEventInput } from '../../activities/publish-event';
import type { Actor } from '../actor';
import type { CaseState } from './case.messages';

/** The lifecycle event types, one per step, versioned. */
export const CASE_EVENT_TYPES = {
  opened: 'kr.dolbom.case.opened.v1',
  consentRecorded: 'kr.dolbom.case.consent-recorded.v1',
  preSurveyRecorded: 'kr.dolbom.case.pre-survey-recorded.v1',
  assessmentRecorded: 'kr.dolbom.case.assessment-recorded.v1',
  eligibilityDecided: 'kr.dolbom.case.eligibility-decided.v1',
  urgentServiceLinked: 'kr.dolbom.case.urgent-service-linked.v1',
  planDrafted: 'kr.dolbom.case.plan-drafted.v1',
  planSubmitted: 'kr.dolbom.case.plan-submitted.v1',
  conferenceDecided: 'kr.dolbom.case.conference-decided.v1',
  referralCancelRequested: 'kr.dolbom.case.referral-cancel-requested.v1',
  monitoringRecorded: 'kr.dolbom.case.monitoring-recorded.v1',
  monitoringOverdue: 'kr.dolbom.case.monitoring-overdue.v1',
  escalationOpened: 'kr.dolbom.case.escalation-opened.v1',
  escalationResolved: 'kr.dolbom.case.escalation-resolved.v1',
  consentWithdrawn: 'kr.dolbom.case.consent-withdrawn.v1',
  closed: 'kr.dolbom.case.closed.v1',
} as const;
export type CaseEventKind = keyof typeof CASE_EVENT_TYPES;

export const AUDIT_EVENT_TYPE = 'kr.dolbom.audit.recorded.v1';

export function caseStepEvents(
  state: CaseState,
  step: { kind: CaseEventKind; seq: number; at: string; actor: Actor; details: Record<string, unknown> },
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
        status: state.status,
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
        details: { status: state.status },
      },
    },
  ];
}
