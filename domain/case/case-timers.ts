/**
 * The case's own clock: which timers are pending and what each does when it fires. Monitoring (Rule Art. 10): a
 * reminder the policy's days before a check falls due, and overdue AT the legal limit (the end of the due date);
 * the assessor's deadline (Decree Art. 5), escalated when passed; the periodic re-assessment (Act Art. 12(2)),
 * requested when due. Cases started before the law's duties keep only the overdue timer they had (with its grace).
 * Pure: the case workflow waits for the earliest and applies what fires. Unit tests: domain/case/case-timers.test.ts.
 */
import { SYSTEM_ACTOR } from '../actor';
import { addDays, seoulDateTime } from '../seoul-date';
import { casePolicy, newAssessmentRequest } from './assessment-request';
import type { CaseState } from './case-state';
import { stepEvent, type StepContext, type StepOutcome } from './case-step';

export const CASE_TIMER_KINDS = ['monitoringReminder', 'monitoringOverdue', 'assessmentOverdue', 'reassessmentDue'] as const;
export type CaseTimerKind = (typeof CASE_TIMER_KINDS)[number];
export interface CaseTimer {
  kind: CaseTimerKind;
  at: string;
}

/** The instant a check due on `dueDate` becomes overdue: the end of that day in Seoul (the due date is the last day allowed). */
export const overdueAtLegalLimit = (dueDate: string): string => seoulDateTime(addDays(dueDate, 1), 0).toISOString();

/** Every timer pending for the case, earliest first. `monitoringOverdueAt` is the instant the workflow scheduled. */
export function pendingTimers(state: CaseState, monitoringOverdueAt: string | undefined, flags: StepContext['flags']): CaseTimer[] {
  if (state.status === 'closed') return [];
  const timers: CaseTimer[] = [];
  if (monitoringOverdueAt && !state.monitoring.overdue) timers.push({ kind: 'monitoringOverdue', at: monitoringOverdueAt });
  if (flags.lawDuties) {
    const { nextDue, overdue, remindedFor } = state.monitoring;
    if (nextDue && !overdue && remindedFor !== nextDue)
      timers.push({
        kind: 'monitoringReminder',
        at: seoulDateTime(addDays(nextDue, -casePolicy(state).monitoringReminderDays), 9).toISOString(),
      });
    const r = state.assessmentRequest;
    if (r?.status === 'requested' && r.respondBy && !r.overdue) timers.push({ kind: 'assessmentOverdue', at: r.respondBy });
    const awaiting = r?.status === 'requested' || r?.status === 'held';
    if (state.reassessmentDue && !awaiting)
      timers.push({ kind: 'reassessmentDue', at: seoulDateTime(state.reassessmentDue, 9).toISOString() });
  }
  return timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

const outcome = (state: CaseState, events: StepOutcome['events']): StepOutcome => ({ state, events, commands: [], reply: {} });

/** What a timer does when it fires. */
export function fireTimer(state: CaseState, kind: CaseTimerKind, ctx: StepContext): StepOutcome {
  switch (kind) {
    case 'monitoringOverdue': {
      const escalationId = `esc-${state.escalations.length + 1}`;
      return outcome(
        {
          ...state,
          monitoring: { ...state.monitoring, overdue: true },
          escalations: [...state.escalations, { id: escalationId, kind: 'monitoringOverdue', openedAt: ctx.now }],
        },
        [
          stepEvent('monitoringOverdue', SYSTEM_ACTOR, state.status, {
            ...(state.monitoring.nextDue ? { dueDate: state.monitoring.nextDue } : {}),
            escalationId,
          }),
        ],
      );
    }
    case 'monitoringReminder': {
      const dueDate = state.monitoring.nextDue!;
      return outcome({ ...state, monitoring: { ...state.monitoring, remindedFor: dueDate } }, [
        stepEvent('monitoringReminder', SYSTEM_ACTOR, state.status, { dueDate }),
      ]);
    }
    case 'assessmentOverdue': {
      const r = state.assessmentRequest!;
      const escalationId = `esc-${state.escalations.length + 1}`;
      return outcome(
        {
          ...state,
          assessmentRequest: { ...r, overdue: true },
          escalations: [...state.escalations, { id: escalationId, kind: 'assessmentOverdue', openedAt: ctx.now }],
        },
        [stepEvent('assessmentOverdue', SYSTEM_ACTOR, state.status, { requestId: r.requestId, escalationId })],
      );
    }
    case 'reassessmentDue': {
      const request = newAssessmentRequest(state, 'reassessment', state.priority ?? 'routine', ctx.now);
      return outcome({ ...state, assessmentRequest: request, reassessmentDue: undefined }, [
        stepEvent('assessmentRequested', SYSTEM_ACTOR, state.status, {
          requestId: request.requestId,
          kind: 'reassessment',
          priority: request.priority,
          held: request.status === 'held',
        }),
      ]);
    }
  }
}
