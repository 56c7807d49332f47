/**
 * Enforcement Rule Art. 10: monitoring checks are counted from the first approved plan and from the check
 * actually done, so a visit dated in the future or before the plan's approval is refused with its reason
 * (domain/case/monitoring-visit-date.ts), for cases under the law-duties flag.
 */
import type { Actor } from '../actor';
import { nextMonitoringDue } from '../monitoring';
import { DEFAULT_POLICY } from '../policy-defaults';
import { openedCaseState, type CaseState } from './case-state';
import type { StepContext, StepOutcome, StepResult } from './case-step';
import { decideCaseAction } from './steps';

const caseworker: Actor = { role: 'caseworker', id: 'cw-kim' };
const now = '2026-12-01T01:00:00.000Z';
const approvedAt = '2026-09-01T00:00:00.000Z';
const flags = (lawDuties: boolean): StepContext => ({
  now,
  flags: { referralIdNamesCaseOpening: true, closedCaseRecordsCancellations: true, lawDuties },
});
const active = (): CaseState => ({
  ...openedCaseState(
    'case-p-1',
    {
      recipientPseudoId: 'p-1',
      districtCode: '11110',
      dongCode: '11110510',
      application: { applicantType: 'self' },
      personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
      actor: caseworker,
    },
    DEFAULT_POLICY,
    '2026-08-01T00:00:00.000Z',
  ),
  status: 'active',
  firstPlanApprovedAt: approvedAt,
});
const visit = (state: CaseState, visitedAt: string | undefined, ctx = flags(true)): StepResult =>
  decideCaseAction(
    'recordMonitoring',
    state,
    { actor: caseworker, outcome: 'continue', ...(visitedAt ? { visitedAt } : {}) } as never,
    ctx,
  );

describe('Rule Art. 10: a monitoring visit dated in the future or before the plan is approved is refused', () => {
  test('refusal: a visit dated after now, with the reason', () => {
    expect(visit(active(), '2026-12-02T01:00:00.000Z')).toEqual({
      refused: true,
      type: 'DolbomInvalidInput',
      code: 'VISIT_DATE_NOT_ALLOWED',
      message: `a monitoring visit cannot be dated in the future (2026-12-02T01:00:00.000Z is after ${now})`,
    });
  });

  test('refusal: a visit dated before the plan was approved, with the reason', () => {
    const r = visit(active(), '2026-08-31T23:59:00.000Z');
    expect(r).toMatchObject({ refused: true, code: 'VISIT_DATE_NOT_ALLOWED' });
    expect((r as { message: string }).message).toMatch(/before the plan's approval .*Rule Art\. 10/);
  });

  test('refusal: a visit dated before the latest recorded visit', () => {
    const s = active();
    const visited = {
      ...s,
      monitoring: {
        ...s.monitoring,
        visits: [{ at: '2026-11-01T00:00:00.000Z', by: 'cw-kim', outcome: 'continue' as const, dueDate: '2026-12-01' }],
      },
    };
    expect(visit(visited, '2026-10-01T00:00:00.000Z')).toMatchObject({
      refused: true,
      message: expect.stringMatching(/before the latest recorded visit/),
    });
  });

  test('effect: a visit dated between the approval and now is recorded, and the next due date counts from it', () => {
    const o = visit(active(), '2026-11-20T02:00:00.000Z') as StepOutcome;
    expect(o.state.monitoring.visits.at(-1)).toMatchObject({ at: '2026-11-20T02:00:00.000Z', outcome: 'continue' });
    expect(o.monitoring).toBe('reschedule');
    const last = o.state.monitoring.visits.at(-1)!.at;
    expect(nextMonitoringDue({ firstPlanApprovedAt: approvedAt, lastMonitoredAt: last, policy: DEFAULT_POLICY })).toBe('2027-05-20');
    // A visit without a date is dated now: accepted.
    expect('refused' in visit(active(), undefined)).toBe(false);
  });

  test('the case no longer gets stuck: the date that made the next-due computation throw never reaches the state', () => {
    // Before the rule (and still for cases started before the law-duties flag): the visit was recorded, and the
    // case workflow's next-due computation then threw on every workflow task.
    const old = visit(active(), '2026-08-31T00:00:00.000Z', flags(false)) as StepOutcome;
    const recorded = old.state.monitoring.visits.at(-1)!.at;
    expect(() => nextMonitoringDue({ firstPlanApprovedAt: approvedAt, lastMonitoredAt: recorded, policy: DEFAULT_POLICY })).toThrow(
      /before firstPlanApprovedAt/,
    );
    expect(visit(active(), '2026-08-31T00:00:00.000Z')).toMatchObject({ refused: true });
  });
});
