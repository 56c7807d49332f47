import { buildEnvelope } from '../activities/publish-event';
import type { PublishEventInput } from '../activities/publish-event';
import { sampleCase, sampleIntake } from '../domain/case/step-test-kit';
import { caseListingChangedEvent, caseStepEvent } from '../workflows/case/case-events';
import { statusChangedEvent } from '../workflows/referral/referral-events';
import type { ReferralState } from '../workflows/referral/referral.messages';
import { listingRecordOf } from './listing-events';
import { EXAMPLE } from '../events/schemas/examples';

const intake = sampleIntake();
const state = sampleCase(intake);
const listing = {
  opened: '2026-11-01T00:00:00.000Z',
  assignedCaseworkerId: 'cw-11110510-03',
  overdue: false,
  escalationOpen: true,
  deadline: '2027-03-04T15:00:00.000Z',
};
const bytes = (e: PublishEventInput) => Buffer.from(JSON.stringify(buildEnvelope(e)));
const step = caseStepEvent(state, {
  kind: 'opened',
  actor: intake.actor,
  status: 'awaitingConsent',
  details: { applicantType: 'self' },
  seq: 1,
  at: '2026-11-01T00:00:00.000Z',
});

describe('listingRecordOf', () => {
  it("makes a case row of a step's event with its listing", () => {
    const r = listingRecordOf(bytes({ ...step, data: { ...(step.data as object), listing } }));
    expect(r).toEqual({
      kind: 'case',
      row: {
        caseId: 'case-p-12345678',
        opened: '2026-11-01T00:00:00.000Z',
        seq: 1,
        status: 'awaitingConsent',
        districtCode: '11110',
        dongCode: '11110510',
        assignedCaseworkerId: 'cw-11110510-03',
        overdue: false,
        escalationOpen: true,
        deadline: '2027-03-04T15:00:00.000Z',
      },
    });
  });
  it('passes over a step of a run before the projection (no listing)', () => {
    expect(listingRecordOf(bytes(step))).toEqual({ kind: 'none', why: 'no-listing' });
  });
  it('makes a case row of a listing change at the last step', () => {
    const e = caseListingChangedEvent(
      { ...state, timeline: [{ seq: 1, at: listing.opened, actor: intake.actor, action: 'opened', details: {} }] },
      listing,
      {
        at: '2026-11-02T00:00:00.000Z',
        historyLength: 40,
      },
    );
    const r = listingRecordOf(bytes(e));
    expect(r.kind === 'case' && r.row.seq).toBe(1);
    expect(r.kind === 'case' && r.row.deadline).toBe('2027-03-04T15:00:00.000Z');
  });
  it("makes a referral row of a status event, with the awaited decision's deadline", () => {
    const referral = {
      referralId: EXAMPLE.referralId,
      caseId: EXAMPLE.caseId,
      lineId: EXAMPLE.lineId,
      serviceCode: EXAMPLE.serviceCode,
      status: 'requested',
      providerId: EXAMPLE.providerId,
      attempts: [{}],
      escalated: false,
      respondBy: '2026-12-09T09:00:00.000Z',
    } as unknown as ReferralState;
    const e = statusChangedEvent(
      { state: referral, seq: 2, at: '2026-11-05T00:00:00.000Z', actor: { role: 'system', id: 'dolbom' } },
      'requested',
      { attempt: 1, providerId: EXAMPLE.providerId, respondBy: '2026-12-09T09:00:00.000Z' },
    );
    const r = listingRecordOf(bytes(e));
    expect(r.kind).toBe('referral');
    if (r.kind !== 'referral') return;
    expect(r.row).toMatchObject({
      seq: 2,
      status: 'requested',
      providerId: EXAMPLE.providerId,
      respondBy: '2026-12-09T09:00:00.000Z',
      createdAt: '2026-11-05T00:00:00.000Z',
    });
    const accepted = statusChangedEvent(
      {
        state: { ...referral, status: 'accepted' },
        seq: 3,
        at: '2026-11-06T00:00:00.000Z',
        actor: { role: 'provider', id: EXAMPLE.providerId },
      },
      'provider.accepted',
    );
    const r2 = listingRecordOf(bytes(accepted));
    expect(r2.kind === 'referral' && r2.row.respondBy).toBeNull();
  });
  it('says why a record is no listing', () => {
    expect(listingRecordOf(Buffer.from('{not json'))).toMatchObject({ kind: 'none', why: 'invalid' });
    expect(listingRecordOf(Buffer.from(JSON.stringify({ type: 'kr.dolbom.case.opened.v1' })))).toMatchObject({
      kind: 'none',
      why: 'invalid',
    });
    expect(listingRecordOf(null)).toMatchObject({ kind: 'none', why: 'invalid' });
  });
});
