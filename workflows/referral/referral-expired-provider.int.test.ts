/**
 * A provider that let its decision period pass no longer sees the referral (issue 14: "an expired provider
 * keeps seeing the referral in its 'new' list"), on the real Temporal server and broker: once an attempt expires,
 * the referral's status event names the next provider, or nobody once it is escalated, and the listing projection
 * the provider lists read (listing/, api/services/provider.ts) follows it, so `GET /provider/referrals?view=new`
 * leaves the expired provider out. The worker's decision period is seconds instead of business days (the
 * calendar activity replaced; everything else is real).
 */
import type { Principal } from '../../api/auth/principal';
import { createTestApi, type TestApi } from '../../test/harness/api';
import { approvePlan, bringToPlanning, eventually, intakeFor, line } from '../../test/harness/case-env';
import { createTestKafka, type TestKafka } from '../../test/harness/kafka';
import { startCaseOn, startRealTemporal, type RealTemporal } from '../../test/harness/real-temporal';
import { caseStateQuery } from '../case/case.messages';
import { referralStateQuery } from './referral.messages';
import type { referralWorkflow } from './referral.workflow';

/** Long enough to see the request in the provider's list first, short enough to wait for. */
const DECISION_PERIOD_MS = 6000;

describe('an expired provider leaves the referral', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let api: TestApi;
  beforeAll(async () => {
    kafka = await createTestKafka('referral-expired');
    temporal = await startRealTemporal('referral-expired', kafka, undefined, {
      activities: { decisionDeadline: async ({ from }) => new Date(Date.parse(from) + DECISION_PERIOD_MS).toISOString() },
    });
    api = await createTestApi(temporal, kafka);
  });
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
    await kafka?.close();
  });

  const newList = async (providerId: string): Promise<string[]> => {
    const p: Principal = { role: 'provider', sub: `test-${providerId}`, providerId };
    const res = await api.app.inject({
      method: 'GET',
      url: '/provider/referrals?view=new',
      headers: { authorization: `Bearer ${await api.token(p)}` },
    });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: { referralId: string }[] }).items.map((i) => i.referralId);
  };

  it('the next provider, then nobody, holds the referral after each expiry; the expired ones no longer list it', async () => {
    const handle = await startCaseOn(temporal, intakeFor());
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'LTC-02')]);
    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).some((r) => r.status === 'requested'),
    );
    const referralId = Object.keys(state.referrals)[0]!;
    const referral = temporal.client.workflow.getHandle<typeof referralWorkflow>(referralId);
    const first = (await referral.query(referralStateQuery)).providerId!;
    await eventually(
      () => newList(first),
      (ids) => ids.includes(referralId),
    );

    // The first provider does not decide in time: the next is asked, and only it lists the referral.
    const second = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.attempts.length === 2 && s.status === 'requested',
    );
    expect(second.attempts[0]).toMatchObject({ providerId: first, outcome: 'expired' });
    expect(second.providerId).not.toBe(first);
    await eventually(
      () => newList(second.providerId!),
      (ids) => ids.includes(referralId),
    );
    expect(await newList(first)).not.toContain(referralId);

    // Nobody decides: after the district's last provider (3 by default) the referral is escalated, held by no provider.
    const escalated = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.escalated,
      60_000,
    );
    expect(escalated.providerId).toBeUndefined();
    expect(escalated.attempts.every((a) => a.outcome === 'expired')).toBe(true);
    for (const a of escalated.attempts) {
      await eventually(
        () => newList(a.providerId),
        (ids) => !ids.includes(referralId),
      );
    }
  });
});
