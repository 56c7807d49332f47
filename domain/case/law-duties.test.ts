/**
 * The law's remaining duties as pure steps (issue 13; flag lawDuties on): consent that binds (Act Art. 4), the
 * comprehensive assessment for every applicant and periodic re-assessment (Decree Art. 5; Act Art. 12), monitoring
 * at the legal limit (Rule Art. 10), urgent services and one-stop linkage. Each test names the article it derives from.
 */
import type { Actor } from '../actor';
import { DEFAULT_POLICY } from '../policy-defaults';
import type { CaseIntake, ServiceLine } from './case-inputs';
import { openedCaseState, type CaseState } from './case-state';
import type { StepContext } from './case-step';
import { fireTimer, overdueAtLegalLimit, pendingTimers } from './case-timers';
import { actWith, ok, refused } from './step-test-kit';

const caseworker: Actor = { role: 'caseworker', id: 'cw-kim' };
const supervisor: Actor = { role: 'supervisor', id: 'sv-lee' };
const assessor: Actor = { role: 'assessor', id: 'nhis-11110' };
const flags: StepContext['flags'] = { referralIdNamesCaseOpening: true, closedCaseRecordsCancellations: true, lawDuties: true };
const ctx: StepContext = { now: '2026-12-01T01:00:00.000Z', flags };
const older: StepContext = { ...ctx, flags: { ...flags, lawDuties: false } };
const intake = (application: CaseIntake['application'] = { applicantType: 'self' }): CaseIntake => ({
  recipientPseudoId: 'p-12345678',
  districtCode: '11110',
  dongCode: '11110510',
  application,
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor: caseworker,
});
const fresh = (i = intake()): CaseState => openedCaseState('case-p-12345678', i, DEFAULT_POLICY, '2026-11-01T00:00:00.000Z');
const NO_NEED = { bathing: 0, dressing: 0, eating: 0, toileting: 0, transferring: 0, continence: 0, grooming: 0 } as const;
const DEPENDENT = { ...NO_NEED, bathing: 2 } as const;
const RESULT = { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: [] } as const;
const line = (lineId: string, serviceCode: string): ServiceLine => ({
  lineId,
  serviceCode,
  quantity: { amount: 2, unit: 'visit', per: 'week' },
  period: { start: '2026-12-01', end: '2027-05-31' },
  method: 'visit',
});
const written = { givenBy: 'person', method: 'written' } as const;

const act = actWith(ctx);
const consented = (scope: string[], s = fresh()) => ok(act(s, 'recordConsent', { actor: caseworker, scope, ...written })).state;
const surveyed = (scope = ['survey', 'sharing', 'referral'], adl: object = DEPENDENT, s = fresh()) =>
  ok(act(consented(scope, s), 'recordPreSurvey', { actor: caseworker, survey: { adl, livesAlone: true } })).state;
const assessed = (s = surveyed()) => ok(act(s, 'recordAssessment', { actor: assessor, result: RESULT })).state;
const eligible = (s = assessed()) =>
  ok(
    act(s, 'decideEligibility', {
      actor: caseworker,
      severeDisabilityRecognised: false,
      difficultyCauses: ['frailty'],
      needDomains: ['dailyCare', 'health'],
    }),
  ).state;
function active(lines = [line('l1', 'LTC-02')]): CaseState {
  let s = ok(act(eligible(), 'draftPlan', { actor: caseworker, lines, personHeard: true, coordination: 'weekly call' })).state;
  s = ok(act(s, 'submitPlan', { actor: caseworker })).state;
  return ok(act(s, 'conferenceDecision', { actor: supervisor, decision: 'approve' })).state;
}
const withReferralStatus = (s: CaseState, status: 'accepted' | 'in-progress') => ({
  ...s,
  referrals: Object.fromEntries(Object.entries(s.referrals).map(([id, r]) => [id, { ...r, status }])),
});

describe('Act Art. 4: consent binds, and records who gave it, how and when', () => {
  test('the record keeps the giver and the method; a representative is named, oral consent has a witness', () => {
    const s = ok(
      act(fresh(), 'recordConsent', {
        actor: caseworker,
        scope: ['survey'],
        givenBy: 'representative',
        representative: { name: '홍아들', relationship: 'son' },
        method: 'oral',
        witness: '이통장',
      }),
    ).state;
    expect(s.consent).toMatchObject({ givenBy: 'representative', method: 'oral', witness: '이통장', scope: ['survey'] });
    expect(s.consent?.representative?.name).toBe('홍아들');
    const noWitness = act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'], givenBy: 'person', method: 'oral' });
    expect(refused(noWitness).message).toContain('witness');
    const unnamed = act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'], givenBy: 'representative', method: 'written' });
    expect(refused(unnamed).message).toContain('representative');
  });

  test('refused: consent without who and how, or given in the future', () => {
    expect(refused(act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'] })).message).toContain('givenBy');
    const future = act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'], ...written, givenAt: '2026-12-02T00:00:00Z' });
    expect(refused(future).message).toContain('future');
  });

  test('no pre-survey without consent to the survey', () => {
    const r = refused(act(consented(['sharing']), 'recordPreSurvey', { actor: caseworker, survey: { adl: NO_NEED } }));
    expect(r).toMatchObject({ code: 'CONSENT_MISSING' });
    expect(r.message).toContain('survey');
  });

  test('no data to the assessor without consent to sharing: the request is held, and goes out when the person consents', () => {
    const held = surveyed(['survey']);
    expect(held.assessmentRequest).toMatchObject({ status: 'held', kind: 'initial' });
    const o = ok(act(held, 'recordConsent', { actor: caseworker, scope: ['sharing'], ...written }));
    expect(o.state.consent?.scope).toEqual(['survey', 'sharing']);
    expect(o.state.assessmentRequest).toMatchObject({ status: 'requested', requestedAt: ctx.now });
    expect(o.events.map((e) => e.kind)).toEqual(['consentRecorded', 'assessmentRequested']);
  });

  test('no referral without consent to referral: an urgent link and the approval of a plan are refused with the reason', () => {
    const s = surveyed(['survey', 'sharing']);
    expect(refused(act(s, 'linkUrgentService', { actor: caseworker, line: line('u1', 'DAY-02') })).message).toContain('referral');
    let p = eligible(assessed(s));
    p = ok(act(p, 'draftPlan', { actor: caseworker, lines: [line('l1', 'LTC-02')], personHeard: true })).state;
    p = ok(act(p, 'submitPlan', { actor: caseworker })).state;
    const r = refused(act(p, 'conferenceDecision', { actor: supervisor, decision: 'approve' }));
    expect(r).toMatchObject({ code: 'CONSENT_MISSING' });
  });

  test('narrowing consent to referral stops the open referrals and the case stays open', () => {
    const s = withReferralStatus(active(), 'in-progress');
    const o = ok(act(s, 'narrowConsent', { actor: caseworker, withdraw: ['referral'], ...written }));
    expect(o.state.status).toBe('active');
    expect(o.state.consent?.scope).toEqual(['survey', 'sharing']);
    expect(o.commands).toEqual([
      expect.objectContaining({ kind: 'cancel', input: expect.objectContaining({ reason: 'consentWithdrawn' }) }),
    ]);
    expect(o.events[0]).toMatchObject({ kind: 'consentNarrowed', details: { withdrawn: ['referral'], remaining: ['survey', 'sharing'] } });
  });

  test('narrowing consent to the survey stops a pending assessment request; to sharing, holds it', () => {
    const s = surveyed();
    const stopped = ok(act(s, 'narrowConsent', { actor: caseworker, withdraw: ['survey'], ...written })).state;
    expect(stopped.assessmentRequest?.status).toBe('stopped');
    expect(refused(act(stopped, 'recordAssessment', { actor: assessor, result: RESULT })).code).toBe('CONSENT_MISSING');
    const held = ok(act(s, 'narrowConsent', { actor: caseworker, withdraw: ['sharing'], ...written })).state;
    expect(held.assessmentRequest?.status).toBe('held');
  });

  test('refused: narrowing a scope never given; only a refusal of support closes the case (Rule Art. 11 "refuses")', () => {
    expect(
      refused(act(consented(['survey']), 'narrowConsent', { actor: caseworker, withdraw: ['referral'], ...written })).message,
    ).toContain('not given');
    const closed = ok(act(active(), 'withdrawConsent', { actor: caseworker }));
    expect(closed.state.closure?.ground).toBe('refuses');
  });

  test('cases opened before the duties keep their rules: consent once, no narrowing', () => {
    const s = ok(act(fresh(), 'recordConsent', { actor: caseworker, scope: ['survey'] }, older)).state;
    expect(refused(act(s, 'recordConsent', { actor: caseworker, scope: ['sharing'] }, older)).code).toBe('STATUS_NOT_ALLOWED');
    expect(refused(act(s, 'narrowConsent', { actor: caseworker, withdraw: ['survey'], ...written }, older))).toBeDefined();
  });
});

describe('Decree Art. 5 and Act Art. 12: a comprehensive assessment for every applicant, requested with a deadline', () => {
  test('the pre-survey sets the priority; it never skips the assessment', () => {
    const low = surveyed(undefined, NO_NEED);
    expect(low.status).toBe('awaitingAssessment');
    expect(low.priority).toBe('routine');
    expect(low.assessmentRequest).toMatchObject({ status: 'requested', priority: 'routine' });
    expect(surveyed().priority).toBe('urgent'); // dependent in a daily activity, living alone
  });

  test('an ex-officio crisis ground flags the case urgent from intake', () => {
    const crisis = fresh(intake({ applicantType: 'exOfficio', exOfficioGround: 'emergencyWelfareCrisis', priorExplanationGiven: true }));
    expect(crisis.priority).toBe('urgent');
    expect(surveyed(undefined, NO_NEED, crisis).assessmentRequest?.priority).toBe('urgent');
  });

  test('late: the deadline passes, the supervisor is told; the assessor answering resolves it', () => {
    const s = surveyed();
    const withDeadline: CaseState = { ...s, assessmentRequest: { ...s.assessmentRequest!, respondBy: '2026-12-15T09:00:00.000Z' } };
    expect(pendingTimers(withDeadline, undefined, flags)).toContainEqual({ kind: 'assessmentOverdue', at: '2026-12-15T09:00:00.000Z' });
    const late = fireTimer(withDeadline, 'assessmentOverdue', ctx);
    expect(late.state.escalations).toEqual([expect.objectContaining({ kind: 'assessmentOverdue' })]);
    expect(pendingTimers(late.state, undefined, flags).map((t) => t.kind)).not.toContain('assessmentOverdue');
    const escalationId = late.state.escalations[0]!.id;
    expect(refused(act(late.state, 'resolveEscalation', { actor: supervisor, escalationId, resolution: 'retry' })).message).toContain(
      'acknowledged',
    );
    const answered = ok(act(late.state, 'recordAssessment', { actor: assessor, result: RESULT })).state;
    expect(answered.status).toBe('awaitingEligibility');
    expect(answered.escalations[0]!.resolvedAt).toBe(ctx.now);
    expect(answered.assessmentRequest?.status).toBe('answered');
  });

  test('Art. 12(2): re-assessment falls due on the policy interval, is requested while the plan runs, and is recorded', () => {
    const s = active();
    expect(s.reassessmentDue).toBe('2027-12-01');
    expect(refused(act(s, 'recordAssessment', { actor: assessor, result: RESULT })).message).toContain('no assessment is awaited');
    const due = pendingTimers(s, undefined, flags).find((t) => t.kind === 'reassessmentDue');
    expect(due?.at).toBe('2027-12-01T00:00:00.000Z'); // 09:00 in Seoul
    const requested = fireTimer(s, 'reassessmentDue', { ...ctx, now: due!.at });
    expect(requested.state.assessmentRequest).toMatchObject({ kind: 'reassessment', status: 'requested' });
    expect(requested.events[0]).toMatchObject({ kind: 'assessmentRequested', details: { kind: 'reassessment' } });
    const again = ok(act(requested.state, 'recordAssessment', { actor: assessor, result: RESULT }, { ...ctx, now: due!.at })).state;
    expect(again.status).toBe('active');
    expect(again.reassessmentDue).toBe('2028-12-01');
  });
});

describe('Rule Art. 10: monitoring is reminded before the limit and overdue at it', () => {
  const s = active();
  test('a reminder the policy days before the due date, and overdue when the due date ends', () => {
    const due = s.monitoring.nextDue ?? '2027-03-01';
    const withDue: CaseState = { ...s, monitoring: { ...s.monitoring, nextDue: due } };
    const overdueAt = overdueAtLegalLimit(due);
    expect(overdueAt).toBe(new Date(`${due}T00:00:00+09:00`).getTime() + 86_400_000 === Date.parse(overdueAt) ? overdueAt : 'wrong');
    const timers = pendingTimers(withDue, overdueAt, flags);
    expect(timers.map((t) => t.kind)).toEqual(['monitoringReminder', 'monitoringOverdue', 'reassessmentDue']);
    expect(timers[0]!.at).toBe(new Date(`2027-02-15T09:00:00+09:00`).toISOString());
    const reminded = fireTimer(withDue, 'monitoringReminder', ctx).state;
    expect(pendingTimers(reminded, overdueAt, flags).map((t) => t.kind)).toEqual(['monitoringOverdue', 'reassessmentDue']);
  });
  test('cases opened before the duties keep only their overdue timer', () => {
    expect(pendingTimers({ ...s, monitoring: { ...s.monitoring, nextDue: '2027-03-01' } }, '2027-03-04T00:00:00Z', older.flags)).toEqual([
      { kind: 'monitoringOverdue', at: '2027-03-04T00:00:00Z' },
    ]);
  });
});

describe('urgent services and one-stop linkage', () => {
  test('an urgent service can be linked at any stage of an open case, also once the plan runs', () => {
    const o = ok(act(active(), 'linkUrgentService', { actor: caseworker, line: line('u1', 'DAY-02') }));
    expect(o.commands).toEqual([expect.objectContaining({ kind: 'start', urgent: true })]);
    expect(refused(act(active(), 'linkUrgentService', { actor: caseworker, line: line('u1', 'DAY-02') }, older)).code).toBe(
      'STATUS_NOT_ALLOWED',
    );
  });

  test('an ineligible person is linked to single services before closure; urgent services already running continue', () => {
    let s = ok(act(assessed(), 'linkUrgentService', { actor: caseworker, line: line('u1', 'DAY-02') })).state;
    s = withReferralStatus(s, 'in-progress');
    const decided = ok(
      act(s, 'decideEligibility', { actor: caseworker, severeDisabilityRecognised: false, difficultyCauses: [], needDomains: [] }),
    );
    expect(decided.state.status).toBe('linkingSingleServices');
    expect(decided.commands).toEqual([]);
    expect(refused(act(decided.state, 'closeCase', { actor: caseworker })).message).toContain('single services');
    const linked = ok(act(decided.state, 'linkSingleService', { actor: caseworker, serviceCode: 'HLT-01', kind: 'information' }));
    expect(linked.events[0]).toMatchObject({ kind: 'singleServiceLinked', details: { serviceCode: 'HLT-01', kind: 'information' } });
    const closed = ok(act(linked.state, 'closeCase', { actor: caseworker }));
    expect(closed.state.closure?.ground).toBe('ineligible');
    expect(closed.commands).toEqual([]); // the urgent referral is not cancelled
    expect(closed.events.at(-1)).toMatchObject({ kind: 'closed', details: { ground: 'ineligible', singleServicesLinked: 1 } });
  });

  test('refused: a single-service referral without consent to sharing and referral, and an unknown service', () => {
    const s = surveyed(['survey']);
    expect(refused(act(s, 'linkSingleService', { actor: caseworker, serviceCode: 'HLT-01', kind: 'referral' })).code).toBe(
      'CONSENT_MISSING',
    );
    expect(refused(act(s, 'linkSingleService', { actor: caseworker, serviceCode: 'XXX-99', kind: 'information' })).message).toContain(
      'unknown',
    );
  });
});
