import { applyProviderReport } from './referral-lifecycle';

describe('referral lifecycle (FHIR Task)', () => {
  it('moves requested -> accepted -> in-progress -> completed', () => {
    expect(applyProviderReport('requested', 'accepted')).toEqual({ allowed: true, next: 'accepted' });
    expect(applyProviderReport('accepted', 'in-progress')).toEqual({ allowed: true, next: 'in-progress' });
    expect(applyProviderReport('in-progress', 'completed')).toEqual({ allowed: true, next: 'completed' });
  });

  it('keeps the status on a reported change', () => {
    expect(applyProviderReport('in-progress', 'changed')).toEqual({ allowed: true, next: 'in-progress' });
  });

  it('refuses starting before acceptance and anything after a terminal status', () => {
    expect(applyProviderReport('requested', 'in-progress').allowed).toBe(false);
    expect(applyProviderReport('cancelled', 'accepted')).toEqual({ allowed: false, reason: 'the referral is already cancelled' });
    expect(applyProviderReport('completed', 'changed').allowed).toBe(false);
  });

  it('lets a provider decline only before it accepted', () => {
    expect(applyProviderReport('received', 'rejected')).toEqual({ allowed: true, next: 'rejected' });
    expect(applyProviderReport('accepted', 'rejected').allowed).toBe(false);
  });
});
