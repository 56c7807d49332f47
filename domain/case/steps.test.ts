/**
 * The case's rules as pure steps (domain/case/steps.ts), with no server: each action's refusals (with their
 * reasons, nothing changed) and its effects (next state, recorded events, commands to the referrals). These are
 * the rules of cases opened before the law's remaining duties (flag lawDuties off); the duties' own rules are in
 * domain/case/law-duties.test.ts.
 */
import type { Actor } from '../actor';
import { DEFAULT_POLICY } from '../policy-defaults';
import type { CaseIntake, ServiceLine } from './case-inputs';
import { openedCaseState, type CaseState } from './case-state';
import type { StepContext, StepOutcome } from './case-step';
import { planChanges } from './plan-changes';
import { applyReferralNotice, derivableFromNotice } from './referral-notices';
import { actWith, ok, refused } from './step-test-kit';
import { markMonitoringOverdue } from './steps';

const caseworker: Actor = { role: 'caseworker', id: 'cw-kim' };
const supervisor: Actor = { role: 'supervisor', id: 'sv-lee' };
const ctx: StepContext = {
  now: '2026-12-01T01:00:00.000Z',
  flags: { referralIdNamesCaseOpening: true, closedCaseRecordsCancellations: true, lawDuties: false },
};
const intake: CaseIntake = {
  recipientPseudoId: 'p-12345678',
  districtCode: '11110',
  dongCode: '11110510',
  application: { applicantType: 'self' },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor: caseworker,
};
const fresh = (): CaseState => openedCaseState('case-p-12345678', intake, DEFAULT_POLICY, '2026-11-01T00:00:00.000Z');
const ADL = { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 } as const;
const line = (lineId: string, serviceCode: string, amount = 2): ServiceLine => ({
  lineId,
  serviceCode,
  quantity: { amount, unit: 'visit', per: 'week' },
  period: { start: '2026-12-01', end: '2027-05-31' },
  method: 'visit',
});

const act = actWith(ctx);

/** Carries a case to planning through the steps themselves. */
function planning(): CaseState {
  let s = ok(act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey', 'sharing', 'referral'] })).state;
  s = ok(act(s, 'recordPreSurvey', { actor: caseworker, survey: { adl: ADL } })).state;
  s = ok(
    act(s, 'recordAssessment', { actor: caseworker, result: { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: [] } }),
  ).state;
  return ok(
    act(s, 'decideEligibility', { actor: caseworker, severeDisabilityRecognised: false, difficultyCauses: ['frailty'], needDomains: [] }),
  ).state;
}
function approved(lines: ServiceLine[]): StepOutcome {
  let s = ok(
    act(planning(), 'draftPlan', {
      actor: caseworker,
      lines,
      personHeard: true,
      coordination: lines.length > 1 ? 'weekly call' : undefined,
    }),
  ).state;
  s = ok(act(s, 'submitPlan', { actor: caseworker })).state;
  return ok(act(s, 'conferenceDecision', { actor: supervisor, decision: 'approve' }));
}

describe('who may act, and when (case-lifecycle rules before every step)', () => {
  test('a step by the wrong role or in the wrong status is refused with its code, and nothing changes', () => {
    const s = fresh();
    expect(refused(act(s, 'recordConsent', { actor: supervisor, scope: ['survey'] }))).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      type: 'DolbomActionNotAllowed',
    });
    expect(refused(act(s, 'submitPlan', { actor: caseworker }))).toMatchObject({ code: 'STATUS_NOT_ALLOWED' });
    expect(s.status).toBe('awaitingConsent');
  });
});

describe('intake to planning', () => {
  test('consent moves to the pre-survey and records its scopes', () => {
    const o = ok(act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey', 'sharing'] }));
    expect(o.state).toMatchObject({ status: 'preSurvey', consent: { by: 'cw-kim', scope: ['survey', 'sharing'], recordedAt: ctx.now } });
    expect(o.events).toEqual([
      { kind: 'consentRecorded', actor: caseworker, status: 'preSurvey', details: { scope: ['survey', 'sharing'] } },
    ]);
  });

  test('the pre-survey records only whether the full assessment is requested, never the ADL score', () => {
    const s = ok(act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'] })).state;
    const o = ok(act(s, 'recordPreSurvey', { actor: caseworker, survey: { adl: ADL } }));
    expect(o.state.status).toBe('awaitingAssessment');
    expect(o.reply).toEqual({ requestFullAssessment: true });
    expect(o.events[0]!.details).toEqual({ requestFullAssessment: true });
  });

  test('eligibility (Decree Art. 2): an eligible case goes to planning with its routes', () => {
    const s = planning();
    expect(s.status).toBe('planning');
    expect(s.eligibility?.eligible).toBe(true);
  });

  test('an ineligible case closes on "ineligible" with the conditions it did not meet', () => {
    let s = ok(act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'] })).state;
    s = ok(
      act(s, 'recordPreSurvey', {
        actor: caseworker,
        survey: { adl: { bathing: 0, dressing: 0, eating: 0, toileting: 0, transferring: 0, continence: 0, grooming: 0 } },
      }),
    ).state;
    const o = ok(
      act({ ...s, personal: { ...s.personal, birthDate: '1990-01-01' } }, 'decideEligibility', {
        actor: caseworker,
        severeDisabilityRecognised: false,
        difficultyCauses: [],
        needDomains: [],
      }),
    );
    expect(o.state.status).toBe('closed');
    expect(o.events.map((e) => [e.kind, e.status])).toEqual([
      ['eligibilityDecided', 'awaitingEligibility'],
      ['closed', 'closed'],
    ]);
    expect(o.reply).toMatchObject({ eligible: false });
    expect(o.state.closure?.ground).toBe('ineligible');
    expect(o.state.closure?.reasons?.length).toBeGreaterThan(0);
    expect(o.monitoring).toBe('stop');
  });
});

describe('urgent services (linked at once, before the assessment)', () => {
  const consented = (scope: string[]) => ok(act(fresh(), 'recordConsent', { actor: caseworker, scope })).state;
  test('an urgent service opens a referral and starts it', () => {
    const o = ok(act(consented(['survey', 'referral']), 'linkUrgentService', { actor: caseworker, line: line('U1', 'DAY-02') }));
    const id = (o.reply as { referralId: string }).referralId;
    expect(id).toMatch(/^case-p-12345678-[a-z0-9]+-ref-U1-1$/);
    expect(o.state.referrals[id]).toMatchObject({ status: 'draft', urgent: true, domain: 'dailyCare' });
    expect(o.commands).toEqual([{ kind: 'start', line: line('U1', 'DAY-02'), urgent: true, referralId: id }]);
  });
  test('refused: not an urgent service, an unknown code, or no consent to referral', () => {
    expect(
      refused(act(consented(['survey', 'referral']), 'linkUrgentService', { actor: caseworker, line: line('U1', 'HOU-01') })).message,
    ).toContain('not an urgent service');
    expect(
      refused(act(consented(['survey', 'referral']), 'linkUrgentService', { actor: caseworker, line: line('U1', 'XXX-99') })).message,
    ).toBe('unknown service code XXX-99');
    expect(refused(act(consented(['survey']), 'linkUrgentService', { actor: caseworker, line: line('U1', 'DAY-02') })).message).toBe(
      'the person has not consented to referral',
    );
  });
  test('cases opened before referral ids named the opening keep the old ids', () => {
    const o = ok(
      act(
        consented(['referral']),
        'linkUrgentService',
        { actor: caseworker, line: line('U1', 'DAY-02') },
        { ...ctx, flags: { ...ctx.flags, referralIdNamesCaseOpening: false } },
      ),
    );
    expect((o.reply as { referralId: string }).referralId).toBe('case-p-12345678-ref-U1-1');
  });
});

describe('the plan and the support conference (Rule Art. 9)', () => {
  test('a draft is refused without the person heard, with a line twice, or without coordination for two lines', () => {
    const s = planning();
    expect(refused(act(s, 'draftPlan', { actor: caseworker, lines: [line('L1', 'LTC-02')], personHeard: false })).message).toContain(
      'heard',
    );
    expect(
      refused(
        act(s, 'draftPlan', {
          actor: caseworker,
          lines: [line('L1', 'LTC-02'), line('L1', 'HOU-01')],
          personHeard: true,
          coordination: 'x',
        }),
      ).message,
    ).toBe('line id L1 appears twice');
    expect(
      refused(act(s, 'draftPlan', { actor: caseworker, lines: [line('L1', 'LTC-02'), line('L2', 'HOU-01')], personHeard: true })).message,
    ).toContain('coordinate');
  });
  test('submitting twice is refused; the conference needs a submitted plan', () => {
    const drafted = ok(act(planning(), 'draftPlan', { actor: caseworker, lines: [line('L1', 'LTC-02')], personHeard: true })).state;
    const submitted = ok(act(drafted, 'submitPlan', { actor: caseworker })).state;
    expect(submitted.status).toBe('awaitingConference');
    expect(refused(act({ ...submitted, status: 'planning' }, 'submitPlan', { actor: caseworker })).message).toBe(
      'this plan version was already submitted',
    );
    expect(
      refused(act({ ...drafted, status: 'awaitingConference' }, 'conferenceDecision', { actor: supervisor, decision: 'approve' })).message,
    ).toBe('no submitted plan awaits a decision');
  });
  test('approval starts one referral per line, sets the first approval and schedules monitoring', () => {
    const o = approved([line('L1', 'LTC-02'), line('L2', 'HOU-01')]);
    expect(o.state.status).toBe('active');
    expect(o.state.firstPlanApprovedAt).toBe(ctx.now);
    expect(o.commands.map((c) => [c.kind, 'line' in c ? c.line.lineId : ''])).toEqual([
      ['start', 'L1'],
      ['start', 'L2'],
    ]);
    expect(o.monitoring).toBe('reschedule');
    expect(o.events).toEqual([
      { kind: 'conferenceDecided', actor: supervisor, status: 'active', details: { decision: 'approve', version: 1 } },
    ]);
  });
  test('closing at the conference needs a ground, then closes and cancels nothing already closed', () => {
    const drafted = ok(act(planning(), 'draftPlan', { actor: caseworker, lines: [line('L1', 'LTC-02')], personHeard: true })).state;
    const submitted = ok(act(drafted, 'submitPlan', { actor: caseworker })).state;
    expect(refused(act(submitted, 'conferenceDecision', { actor: supervisor, decision: 'close' })).message).toContain('closure grounds');
    const o = ok(act(submitted, 'conferenceDecision', { actor: supervisor, decision: 'close', closureGround: 'death' }));
    expect(o.events.map((e) => e.kind)).toEqual(['conferenceDecided', 'closed']);
    expect(o.state.closure).toMatchObject({ ground: 'death', by: 'sv-lee' });
  });
});

describe('plan changes against running referrals (a pure diff)', () => {
  const running = (lineId: string, status: 'requested' | 'completed' = 'requested') => ({
    [`r-${lineId}`]: {
      referralId: `r-${lineId}`,
      lineId,
      serviceCode: 'LTC-02',
      domain: 'longTermCare' as const,
      status,
      escalated: false,
      urgent: false,
      lastSeq: 1,
    },
  });
  test('a changed service starts a new referral and cancels the old; a changed quantity amends; a dropped line cancels', () => {
    const before = [line('L1', 'LTC-02'), line('L2', 'LTC-02'), line('L3', 'LTC-02')];
    const after = [line('L1', 'LTC-03'), line('L2', 'LTC-02', 5)];
    expect(planChanges(before, after, { ...running('L1'), ...running('L2'), ...running('L3') })).toEqual([
      { kind: 'start', line: after[0], cancel: 'r-L1' },
      { kind: 'amend', referralId: 'r-L2', line: after[1] },
      { kind: 'cancel', referralId: 'r-L3' },
    ]);
  });
  test('a line whose referral finished starts again; an unchanged line does nothing', () => {
    const lines = [line('L1', 'LTC-02'), line('L2', 'LTC-02')];
    expect(planChanges(lines, lines, { ...running('L1', 'completed'), ...running('L2') })).toEqual([{ kind: 'start', line: lines[0] }]);
  });
});

describe('monitoring (Rule Art. 10)', () => {
  test('refused before a plan is approved', () => {
    expect(refused(act(planning(), 'recordMonitoring', { actor: caseworker, outcome: 'continue' })).message).toBe(
      'monitoring starts once a plan is approved',
    );
  });
  test('an overdue check escalates; the visit clears it, resolves the escalation and reschedules; changePlan reopens planning', () => {
    const active = approved([line('L1', 'LTC-02')]).state;
    const overdue = markMonitoringOverdue({ ...active, monitoring: { ...active.monitoring, nextDue: '2027-03-01' } }, ctx);
    expect(overdue.state.monitoring.overdue).toBe(true);
    expect(overdue.events).toEqual([
      {
        kind: 'monitoringOverdue',
        actor: { role: 'system', id: 'dolbom' },
        status: 'active',
        details: { dueDate: '2027-03-01', escalationId: 'esc-1' },
      },
    ]);
    const visit = ok(act(overdue.state, 'recordMonitoring', { actor: caseworker, outcome: 'changePlan' }));
    expect(visit.state.monitoring.overdue).toBe(false);
    expect(visit.state.escalations[0]!.resolvedAt).toBe(ctx.now);
    expect(visit.state.status).toBe('planning');
    expect(visit.monitoring).toBe('reschedule');
    expect(visit.events[0]!.details).toEqual({ outcome: 'changePlan', dueDate: '2027-03-01', late: true });
  });
});

describe('referrals, escalations and closure', () => {
  test('cancelling a referral that is not open, or not the case’s, is refused', () => {
    const o = approved([line('L1', 'LTC-02')]);
    const id = Object.keys(o.state.referrals)[0]!;
    expect(refused(act(o.state, 'cancelReferral', { actor: caseworker, referralId: 'nope' })).message).toContain('has no referral nope');
    const done = { ...o.state, referrals: { [id]: { ...o.state.referrals[id]!, status: 'completed' as const } } };
    expect(refused(act(done, 'cancelReferral', { actor: caseworker, referralId: id })).message).toBe(`referral ${id} is already completed`);
    expect(ok(act(o.state, 'cancelReferral', { actor: caseworker, referralId: id })).commands).toEqual([
      { kind: 'cancel', referralId: id, input: { actor: caseworker, reason: 'caseworkerCancelled' } },
    ]);
  });

  test('an exhausted referral opens an escalation; the supervisor’s answer goes to the referral', () => {
    const o = approved([line('L1', 'LTC-02')]);
    const id = Object.keys(o.state.referrals)[0]!;
    const notice = applyReferralNotice(
      o.state,
      { referralId: id, lineId: 'L1', status: 'requested', escalated: true, at: ctx.now, seq: 3 },
      new Set(),
    )!;
    expect(notice.events).toEqual([
      {
        kind: 'escalationOpened',
        actor: { role: 'system', id: 'dolbom' },
        status: 'active',
        details: { escalationId: 'esc-1', kind: 'referralExhausted', referralId: id },
      },
    ]);
    expect(
      applyReferralNotice(
        notice.state,
        { referralId: id, lineId: 'L1', status: 'requested', escalated: true, at: ctx.now, seq: 3 },
        new Set(),
      ),
    ).toBeUndefined(); // duplicate
    expect(
      refused(act(notice.state, 'resolveEscalation', { actor: supervisor, escalationId: 'esc-1', resolution: 'assignProvider' })).message,
    ).toBe('assignProvider needs a providerId');
    const resolved = ok(
      act(notice.state, 'resolveEscalation', {
        actor: supervisor,
        escalationId: 'esc-1',
        resolution: 'assignProvider',
        providerId: 'prv-1',
      }),
    );
    expect(resolved.commands).toEqual([
      { kind: 'resolve', referralId: id, resolution: { actor: supervisor, resolution: 'assignProvider', providerId: 'prv-1' } },
    ]);
    expect(resolved.state.escalations[0]!.resolvedAt).toBe(ctx.now);
    expect(
      refused(act(resolved.state, 'resolveEscalation', { actor: supervisor, escalationId: 'esc-1', resolution: 'retry' })).message,
    ).toBe('escalation esc-1 is already resolved');
  });

  test('a plain status change is derivable by whoever holds the state before it; an escalation or a closed case is not', () => {
    const o = approved([line('L1', 'LTC-02')]);
    const id = Object.keys(o.state.referrals)[0]!;
    const notice = (state: typeof o.state, escalated: boolean, seq: number) =>
      applyReferralNotice(state, { referralId: id, lineId: 'L1', status: 'requested', escalated, at: ctx.now, seq }, new Set())!;
    expect(derivableFromNotice(o.state, notice(o.state, false, 2))).toBe(true);
    const opened = notice(o.state, true, 2);
    expect(derivableFromNotice(o.state, opened)).toBe(false); // records escalationOpened
    // Resolved by the referral's next notice: no step is recorded, but the escalation changes.
    expect(derivableFromNotice(opened.state, notice(opened.state, false, 3))).toBe(false);
    const closed = ok(act(o.state, 'withdrawConsent', { actor: caseworker })).state;
    expect(derivableFromNotice(closed, notice(closed, false, 2))).toBe(false);
  });

  test('consent withdrawal (Act Art. 4) records it, closes on "refuses" and shows open referrals cancelled while awaiting their confirmation', () => {
    const o = approved([line('L1', 'LTC-02'), line('L2', 'HOU-01')]);
    const [a, b] = Object.keys(o.state.referrals);
    const w = ok(act(o.state, 'withdrawConsent', { actor: caseworker }));
    expect(w.events.map((e) => [e.kind, e.status])).toEqual([
      ['consentWithdrawn', 'active'],
      ['closed', 'closed'],
    ]);
    expect(w.state.closure?.ground).toBe('refuses');
    expect(Object.values(w.state.referrals).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(w.commands).toEqual(
      [a, b].map((referralId) => ({ kind: 'cancel', referralId, input: { actor: caseworker, reason: 'consentWithdrawn' } })),
    );
    expect(w.awaitCancellation).toEqual([a, b]);
    // A step the referral took before the cancellation reached it changes nothing shown; its confirmation does.
    const stale = applyReferralNotice(
      w.state,
      { referralId: a!, lineId: 'L1', status: 'accepted', escalated: false, at: ctx.now, seq: 4 },
      new Set([a!, b!]),
    )!;
    expect(stale.confirmed).toBe(false);
    expect(stale.state.referrals[a!]!.status).toBe('cancelled');
    expect(
      applyReferralNotice(
        stale.state,
        { referralId: a!, lineId: 'L1', status: 'cancelled', escalated: false, at: ctx.now, seq: 5 },
        new Set([a!, b!]),
      )!.confirmed,
    ).toBe(true);
  });

  test('closure with the old behaviour leaves referrals as they were until they report', () => {
    const o = approved([line('L1', 'LTC-02')]);
    const closed = ok(
      act(
        o.state,
        'closeCase',
        { actor: caseworker, ground: 'death' },
        { ...ctx, flags: { ...ctx.flags, closedCaseRecordsCancellations: false } },
      ),
    );
    expect(Object.values(closed.state.referrals)[0]!.status).toBe('draft');
    expect(closed.awaitCancellation).toEqual([]);
  });
});

test('a step’s details are typed per kind: an unknown or missing field fails tsc', async () => {
  const { stepEvent } = await import('./case-step');
  // @ts-expect-error: consentRecorded records its scopes, not a reason
  stepEvent('consentRecorded', caseworker, 'preSurvey', { reason: 'x' });
  // @ts-expect-error: planSubmitted needs its version
  stepEvent('planSubmitted', caseworker, 'awaitingConference', {});
  expect(stepEvent('planSubmitted', caseworker, 'awaitingConference', { version: 1 }).details).toEqual({ version: 1 });
});
