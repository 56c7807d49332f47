/**
 * Security suite, caller scopes (issue 14: "update validators skip the area check when no caller scope is
 * passed"), on the time-skipping server with the real workflows and activities: a client with Temporal access
 * that names no caller, or a caller of another area, is refused by the validator and nothing changes; a
 * process of Dolbom names itself with the system scope and is accepted (domain/access.ts).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { systemScope } from '../../domain/access';
import { ERR_OUT_OF_SCOPE, ERR_SCOPE_MISSING } from '../../domain/failures';
import { caseStateQuery, recordConsentUpdate } from '../../workflows/case/case.messages';
import { providerReportUpdate, referralStateQuery } from '../../workflows/referral/referral.messages';
import type { referralWorkflow } from '../../workflows/referral/referral.workflow';
import { BRIDGE_SCOPE } from '../../bridge/provider-response-bridge';
import {
  approvePlan,
  bringToPlanning,
  caseworker,
  createCaseBench,
  DONG,
  eventually,
  refusal,
  line,
  startCase,
  type CaseBench,
} from '../harness/case-env';

const consent = { actor: caseworker, givenBy: 'person', method: 'written' } as const;

describe('every action names its caller', () => {
  let bench: CaseBench;
  beforeAll(async () => {
    bench = await createCaseBench('caller-scope');
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('refuses a case action without a scope or from another dong, and takes the named system process', async () => {
    const handle = await startCase(bench);
    const before = await handle.query(caseStateQuery);

    // A client with Temporal access that says nothing of its caller (as every call could before).
    const unscoped = await refusal(handle.executeUpdate(recordConsentUpdate, { args: [consent] as never }));
    expect(unscoped.type).toBe(ERR_SCOPE_MISSING);
    expect(unscoped.message).toContain('systemScope');
    // The same by the update's name, with the scope slot empty.
    const nullScope = await refusal(handle.executeUpdate('recordConsent', { args: [consent, null] }));
    expect(nullScope.type).toBe(ERR_SCOPE_MISSING);
    // A "system" that does not say which process it is.
    const anonymousSystem = await refusal(handle.executeUpdate('recordConsent', { args: [consent, { role: 'system' }] }));
    expect(anonymousSystem.type).toBe(ERR_SCOPE_MISSING);
    // A caseworker of another dong.
    const foreign = await refusal(
      handle.executeUpdate(recordConsentUpdate, { args: [consent, { role: 'caseworker', dongs: ['11110530'] }] }),
    );
    expect(foreign.type).toBe(ERR_OUT_OF_SCOPE);
    expect(foreign.message).toContain('outside your dong');

    const unchanged = await handle.query(caseStateQuery);
    expect(unchanged.status).toBe('awaitingConsent');
    expect(unchanged.timeline).toEqual(before.timeline);
    expect(unchanged.consent).toEqual(before.consent);

    // The case's own dong, and a process of Dolbom that names itself, are accepted.
    const byCaseworker = await handle.executeUpdate(recordConsentUpdate, { args: [consent, { role: 'caseworker', dongs: [DONG] }] });
    expect(byCaseworker.status).toBe('preSurvey');
    await handle.executeUpdate(recordConsentUpdate, { args: [consent, systemScope('caller-scope-test')] });
    const after = await handle.query(caseStateQuery);
    expect(after.timeline.filter((t) => t.action === 'consentRecorded')).toHaveLength(2);
  });

  it('refuses a provider report without a scope or for another provider, and takes the provider itself and the bridge', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'LTC-02')]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    const referral: WorkflowHandle<typeof referralWorkflow> = bench.env.client.workflow.getHandle(Object.keys(state.referrals)[0]!);
    const { providerId } = await referral.query(referralStateQuery);
    const report = (eventId: string, report: 'received' | 'accepted') => ({
      eventId,
      providerId: providerId!,
      report,
      occurredAt: new Date().toISOString(),
    });

    const unscoped = await refusal(referral.executeUpdate(providerReportUpdate, { args: [report('e-1', 'accepted')] as never }));
    expect(unscoped.type).toBe(ERR_SCOPE_MISSING);
    const otherProvider = await refusal(
      referral.executeUpdate(providerReportUpdate, {
        args: [report('e-1', 'accepted'), { role: 'provider', providerId: 'prv-11110-lt-99' }],
      }),
    );
    expect(otherProvider.type).toBe(ERR_OUT_OF_SCOPE);
    const caseworkerScope = await refusal(
      referral.executeUpdate(providerReportUpdate, { args: [report('e-1', 'accepted'), { role: 'caseworker', dongs: [DONG] }] }),
    );
    expect(caseworkerScope.type).toBe(ERR_OUT_OF_SCOPE);
    const unchanged = await referral.query(referralStateQuery);
    expect(unchanged.status).toBe('requested');
    expect(unchanged.appliedEventIds).toEqual([]);

    expect(
      await referral.executeUpdate(providerReportUpdate, {
        args: [report('e-2', 'received'), { role: 'provider', providerId: providerId! }],
      }),
    ).toEqual({ applied: true, status: 'received' });
    expect(await referral.executeUpdate(providerReportUpdate, { args: [report('e-3', 'accepted'), BRIDGE_SCOPE] })).toEqual({
      applied: true,
      status: 'accepted',
    });
  });
});
