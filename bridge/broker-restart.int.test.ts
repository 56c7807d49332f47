/**
 * The Kafka broker restarted in the middle of a run: referral requests published while it is down are
 * retried by their activities (the cases wait, they do not fail), responses flow again afterwards, and every
 * response is applied exactly once.
 */
import { execFileSync } from 'node:child_process';
import { approvePlan, bringToPlanning, eventually, intakeFor, line } from '../test/harness/case-env';
import { uniqueId } from '../test/harness/ids';
import { createTestKafka, testLogger, type TestKafka } from '../test/harness/kafka';
import { startCaseOn, startRealTemporal, type RealTemporal } from '../test/harness/real-temporal';
import { startProviderSimulator } from '../simulator/provider-simulator';
import { caseStateQuery } from '../workflows/case/case.messages';
import type { CaseState } from '../domain/case/case-state';
import { referralStateQuery } from '../workflows/referral/referral.messages';
import { startProviderResponseBridge, type RunningBridge } from './provider-response-bridge';

const infra = (script: string) => execFileSync('bash', ['-c', script], { cwd: `${__dirname}/..`, stdio: 'pipe', timeout: 180000 });
const stopKafka = () => infra('source infra/env.sh && stop_daemon kafka');
const startKafka = () => infra('bash infra/up.sh');

describe('Kafka broker restart mid-run', () => {
  let kafka: TestKafka;
  let temporal: RealTemporal;
  let bridge: RunningBridge;
  let sim: Awaited<ReturnType<typeof startProviderSimulator>>;

  beforeAll(async () => {
    kafka = await createTestKafka('restart');
    temporal = await startRealTemporal('restart', kafka);
    bridge = await startProviderResponseBridge({
      kafka: kafka.kafka,
      client: temporal.client,
      producer: kafka.producer,
      topics: kafka.topics,
      logger: testLogger,
      groupId: uniqueId('bridge'),
    });
    sim = await startProviderSimulator({
      kafka: kafka.kafka,
      producer: kafka.producer,
      topics: kafka.topics,
      logger: testLogger,
      acceptRate: 1,
      groupId: uniqueId('sim'),
      fromBeginning: true,
    });
  });
  afterAll(async () => {
    startKafka(); // whatever happened, leave the broker running for the suites after this one
    await sim?.stop();
    await bridge?.stop();
    await temporal?.close();
    await kafka?.close();
  });

  it('applies every response exactly once across a broker stop and start', async () => {
    const cases = await Promise.all([1, 2, 3, 4].map(() => startCaseOn(temporal, intakeFor())));
    for (const handle of cases) await bringToPlanning(handle);
    // Two cases get their referrals out before the broker goes down.
    for (const handle of cases.slice(0, 2)) await approvePlan(handle, [line('L1', 'DAY-01')]);
    const allAccepted = (s: CaseState) =>
      Object.values(s.referrals).length > 0 && Object.values(s.referrals).every((r) => r.status === 'accepted');
    for (const handle of cases.slice(0, 2)) await eventually(() => handle.query(caseStateQuery), allAccepted, 60000);

    stopKafka();
    // While the broker is down, two more plans are approved: their referral requests cannot be published.
    for (const handle of cases.slice(2)) await approvePlan(handle, [line('L1', 'DAY-01')]);
    await new Promise((r) => setTimeout(r, 8000));
    for (const handle of cases.slice(2)) {
      const s = await handle.query(caseStateQuery);
      expect(s.status).toBe('active');
      expect(Object.values(s.referrals).every((r) => r.status !== 'accepted')).toBe(true);
    }
    startKafka();

    for (const handle of cases) await eventually(() => handle.query(caseStateQuery), allAccepted, 120000);
    for (const handle of cases) {
      const s = await handle.query(caseStateQuery);
      for (const r of Object.values(s.referrals)) {
        const referral = await temporal.client.workflow.getHandle(r.referralId).query(referralStateQuery);
        expect(referral.timeline.filter((t) => t.action === 'provider.accepted')).toHaveLength(1);
        expect(referral.attempts).toHaveLength(1);
      }
    }
    expect(bridge.stats.applied).toBe(4);
    expect(sim.stats.answers.size).toBe(4);
  });
});
