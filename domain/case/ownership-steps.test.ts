/**
 * Case ownership and kept notes as pure steps (domain/case/ownership-steps.ts), with no server. Rule Arts. 7-8:
 * the dong's caseworker carries a case from intake to closure; Act Art. 10: the dong of residence takes it.
 */
import { canAccessCase } from '../access';
import type { Actor } from '../actor';
import { DEFAULT_POLICY } from '../policy-defaults';
import type { CaseIntake } from './case-inputs';
import { openedCaseState, type CaseState } from './case-state';
import type { StepContext } from './case-step';
import { ReassignCase, TransferCase } from './ownership-inputs';
import { caseworkerAtIntake, withCaseworkerAtIntake } from './ownership-steps';
import { actWith, ok, refused } from './step-test-kit';

const caseworker: Actor = { role: 'caseworker', id: 'cw-kim' };
const supervisor: Actor = { role: 'supervisor', id: 'sv-lee' };
const flags = { referralIdNamesCaseOpening: true, closedCaseRecordsCancellations: true, lawDuties: true };
const ctx: StepContext = { now: '2026-12-01T01:00:00.000Z', flags };
const before: StepContext = { ...ctx, flags: { ...flags, lawDuties: false } };
const intake: CaseIntake = {
  recipientPseudoId: 'p-12345678',
  districtCode: '11110',
  dongCode: '11110510',
  application: { applicantType: 'self' },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor: caseworker,
};
const fresh = (c = ctx): CaseState =>
  withCaseworkerAtIntake(openedCaseState('case-p-12345678', intake, DEFAULT_POLICY, '2026-11-01T00:00:00.000Z'), intake, c);

const act = actWith(ctx);

describe('Rule Arts. 7-8 (the dong caseworker carries the case): assignment at intake', () => {
  test('the caseworker who opens the case carries it, unless intake names another', () => {
    expect(fresh().assignedCaseworkerId).toBe('cw-kim');
    expect(caseworkerAtIntake({ actor: caseworker, assignedCaseworkerId: 'cw-park' })).toBe('cw-park');
  });

  test('a case opened before the law’s duties has no assignment until someone reassigns it', () => {
    expect(fresh(before).assignedCaseworkerId).toBeUndefined();
    const s = ok(act(fresh(before), 'reassignCase', { actor: supervisor, toCaseworkerId: 'cw-park', reason: 'workload' }, before));
    expect(s.state.assignedCaseworkerId).toBe('cw-park');
    expect(s.events[0]!.details).toEqual({ toCaseworkerId: 'cw-park', reason: 'workload' });
  });
});

describe('Rule Arts. 7-8: reassignment within the dong', () => {
  test('refused: to the caseworker who already carries it, by an assessor or provider, or once the case is closed', () => {
    expect(refused(act(fresh(), 'reassignCase', { actor: supervisor, toCaseworkerId: 'cw-kim', reason: 'workload' })).message).toMatch(
      /already assigned to cw-kim/,
    );
    for (const role of ['assessor', 'provider'] as const)
      expect(refused(act(fresh(), 'reassignCase', { actor: { role, id: 'x' }, toCaseworkerId: 'cw-park', reason: 'workload' })).code).toBe(
        'ROLE_NOT_ALLOWED',
      );
    const closed = ok(act(fresh(), 'closeCase', { actor: caseworker, ground: 'refuses' })).state;
    expect(refused(act(closed, 'reassignCase', { actor: supervisor, toCaseworkerId: 'cw-park', reason: 'workload' })).code).toBe(
      'STATUS_NOT_ALLOWED',
    );
  });

  test('refused: a reason outside the coded list (free text never reaches the events)', () => {
    expect(ReassignCase.safeParse({ actor: supervisor, toCaseworkerId: 'cw-park', reason: 'she was rude' }).success).toBe(false);
  });

  test('effect: the new caseworker carries the case; the step is recorded (and so audited) from whom to whom and why', () => {
    const o = ok(act(fresh(), 'reassignCase', { actor: supervisor, toCaseworkerId: 'cw-park', reason: 'caseworkerLeft' }));
    expect(o.state.assignedCaseworkerId).toBe('cw-park');
    expect(o.state.dongCode).toBe('11110510');
    expect(o.events).toEqual([
      {
        kind: 'caseReassigned',
        actor: supervisor,
        status: 'awaitingConsent',
        details: { fromCaseworkerId: 'cw-kim', toCaseworkerId: 'cw-park', reason: 'caseworkerLeft' },
      },
    ]);
    expect(o.commands).toEqual([]);
  });
});

describe('Act Art. 10 (the dong of residence): transfer when the person moves', () => {
  const moved = { actor: caseworker, toDongCode: '11110530', reason: 'personMoved' };

  test('refused: to the dong it is already in, or to a dong of another district (a new application there)', () => {
    expect(refused(act(fresh(), 'transferCase', { ...moved, toDongCode: '11110510' })).message).toMatch(/already in dong 11110510/);
    const other = refused(act(fresh(), 'transferCase', { ...moved, toDongCode: '11140520' }));
    expect(other.code).toBe('OTHER_DISTRICT');
    expect(other.message).toMatch(/applies there \(Act Art\. 10\)/);
    expect(TransferCase.safeParse({ ...moved, toDongCode: 'Jongno' }).success).toBe(false);
  });

  test('effect: the case’s dong changes, so the old dong’s caseworker loses it and the new dong’s gains it', () => {
    const o = ok(act(fresh(), 'transferCase', { ...moved, toCaseworkerId: 'cw-choi' }));
    expect(o.state.dongCode).toBe('11110530');
    expect(o.state.districtCode).toBe('11110');
    expect(o.state.assignedCaseworkerId).toBe('cw-choi');
    expect(canAccessCase({ role: 'caseworker', dongs: ['11110510'] }, o.state)).toBe(false);
    expect(canAccessCase({ role: 'caseworker', dongs: ['11110530'] }, o.state)).toBe(true);
    expect(canAccessCase({ role: 'supervisor', district: '11110' }, o.state)).toBe(true);
    expect(o.events[0]).toMatchObject({
      kind: 'caseTransferred',
      details: { fromDongCode: '11110510', toDongCode: '11110530', toCaseworkerId: 'cw-choi', reason: 'personMoved' },
    });
  });

  test('effect: without a named caseworker the case waits in the new dong unassigned, until one takes it', () => {
    const o = ok(act(fresh(), 'transferCase', moved));
    expect(o.state.assignedCaseworkerId).toBeNull();
    const taken = ok(
      act(o.state, 'reassignCase', { actor: { role: 'caseworker', id: 'cw-choi' }, toCaseworkerId: 'cw-choi', reason: 'other' }),
    );
    expect(taken.state.assignedCaseworkerId).toBe('cw-choi');
    expect(taken.events[0]!.details).toEqual({ toCaseworkerId: 'cw-choi', reason: 'other' });
  });
});

describe('Rule Art. 9 and Art. 11: the conference’s and the closure’s notes are kept, events say only that one exists', () => {
  test('a closure note is kept in the case; the closed event carries noteKept, not the text', () => {
    const o = ok(act(fresh(), 'closeCase', { actor: caseworker, ground: 'supportNoLongerNeeded', note: '딸 집으로 이사, 가족 돌봄' }));
    expect(o.state.closure?.note).toBe('딸 집으로 이사, 가족 돌봄');
    expect(o.events.at(-1)!.details).toEqual({ ground: 'supportNoLongerNeeded', noteKept: true });
    expect(JSON.stringify(o.events)).not.toContain('이사');
  });

  test('cases before the law’s duties keep no note (their replay is unchanged)', () => {
    const o = ok(act(fresh(before), 'closeCase', { actor: caseworker, ground: 'supportNoLongerNeeded', note: 'x' }, before));
    expect(o.state.closure?.note).toBeUndefined();
    expect(o.events.at(-1)!.details).toEqual({ ground: 'supportNoLongerNeeded' });
  });
});
