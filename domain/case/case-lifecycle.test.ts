import { authoriseCaseAction, CASE_ACTIONS, CASE_STATUSES, statusAfterConference, statusAfterPreSurvey } from './case-lifecycle';

describe('case lifecycle', () => {
  it('lets the caseworker record consent while the case is open (a later consent widens it, Act Art. 4)', () => {
    expect(authoriseCaseAction('recordConsent', 'caseworker', 'awaitingConsent')).toEqual({ allowed: true });
    expect(authoriseCaseAction('recordConsent', 'caseworker', 'active')).toEqual({ allowed: true });
    expect(authoriseCaseAction('recordConsent', 'caseworker', 'closed')).toMatchObject({ allowed: false, code: 'STATUS_NOT_ALLOWED' });
    expect(authoriseCaseAction('recordConsent', 'supervisor', 'awaitingConsent')).toMatchObject({
      allowed: false,
      code: 'ROLE_NOT_ALLOWED',
    });
  });

  it('reserves the conference decision to the supervisor', () => {
    const byCaseworker = authoriseCaseAction('conferenceDecision', 'caseworker', 'awaitingConference');
    expect(byCaseworker).toMatchObject({ allowed: false, code: 'ROLE_NOT_ALLOWED' });
    if (!byCaseworker.allowed) expect(byCaseworker.reason).toContain('supervisor');
    expect(authoriseCaseAction('conferenceDecision', 'supervisor', 'awaitingConference').allowed).toBe(true);
  });

  it('never lets a provider take a case action', () => {
    for (const action of CASE_ACTIONS) {
      for (const status of CASE_STATUSES) expect(authoriseCaseAction(action, 'provider', status).allowed).toBe(false);
    }
  });

  it('allows nothing on a closed case', () => {
    for (const action of CASE_ACTIONS) {
      expect(authoriseCaseAction(action, 'caseworker', 'closed').allowed).toBe(false);
      expect(authoriseCaseAction(action, 'supervisor', 'closed').allowed).toBe(false);
    }
  });

  it('links urgent services at any stage of an open case once consent can be recorded, not before nor after', () => {
    expect(authoriseCaseAction('linkUrgentService', 'caseworker', 'preSurvey').allowed).toBe(true);
    expect(authoriseCaseAction('linkUrgentService', 'caseworker', 'awaitingAssessment').allowed).toBe(true);
    expect(authoriseCaseAction('linkUrgentService', 'caseworker', 'active').allowed).toBe(true);
    expect(authoriseCaseAction('linkUrgentService', 'caseworker', 'linkingSingleServices').allowed).toBe(true);
    expect(authoriseCaseAction('linkUrgentService', 'caseworker', 'awaitingConsent').allowed).toBe(false);
    expect(authoriseCaseAction('linkUrgentService', 'caseworker', 'closed').allowed).toBe(false);
  });

  it('routes the pre-survey and the conference decision to the right next status', () => {
    expect(statusAfterPreSurvey(true)).toBe('awaitingAssessment');
    expect(statusAfterPreSurvey(false)).toBe('awaitingEligibility');
    expect(statusAfterConference('approve')).toBe('active');
    expect(statusAfterConference('change')).toBe('planning');
    expect(statusAfterConference('close')).toBe('closed');
  });
});
