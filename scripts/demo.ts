/**
 * A demo case through the running system's public interfaces only: the HTTP API (as caseworker and
 * supervisor) and Kafka (as the providers, through the simulator). Prints each step and the final timeline.
 *   npm run demo
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../api/auth/tokens';
import { bootstrap } from '../platform/bootstrap';
import { createDurableProducer } from '../platform/durable-producer';
import { localConnectedProviders } from '../simulator/local-providers';
import { startProviderSimulator } from '../simulator/provider-simulator';

const base = `http://127.0.0.1:${process.env.API_PORT ?? 8080}`;

async function main(): Promise<void> {
  const dataDir = process.env.DOLBOM_DATA_DIR ?? path.resolve(__dirname, '..', '.data');
  const key = await loadOrCreateLocalSigningKey(dataDir);
  const cw = await signLocalToken(key, { role: 'caseworker', sub: 'demo-caseworker', dongs: ['11110510'] });
  const sv = await signLocalToken(key, { role: 'supervisor', sub: 'demo-supervisor', district: '11110' });
  const call = async (token: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${JSON.stringify(json)}`);
    process.stdout.write(`  ${method} ${url} -> ${res.status} ${json.status ?? ''}\n`);
    return json;
  };

  const { config, logger, kafka, topics } = await bootstrap('demo');
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const sim = await startProviderSimulator({
    kafka,
    producer,
    topics,
    logger,
    // Providers connected with a system of their own (npm run provider:connect) answer as themselves, on their topics.
    connectedProviders: await localConnectedProviders({
      dataDir: config.DOLBOM_DATA_DIR,
      brokers: config.KAFKA_BROKERS,
      topics,
      logger,
      clientId: `${config.KAFKA_CLIENT_ID}-demo`,
    }),
    acceptRate: 0.7,
    delayMs: [200, 1500],
    groupId: 'dolbom-demo-providers',
  });

  process.stdout.write('Intake at the dong community centre, then survey, eligibility and plan:\n');
  const rrn = `410502-2${String(randomInt(0, 999999)).padStart(6, '0')}`;
  const { caseId } = (await call(cw, 'POST', '/cases', {
    dongCode: '11110510',
    application: {
      applicantType: 'relative',
      representative: { name: '김민수', relationship: 'child', proofDocument: 'familyRelationCertificate' },
      residence: { basis: 'registeredAddress' },
    },
    personal: { name: '김순자', rrn, birthDate: '1941-05-02', phone: '010-0000-0000' },
  })) as { caseId: string };
  await call(cw, 'POST', `/cases/${caseId}/consent`, {
    givenBy: 'representative',
    representative: { name: '김민수', relationship: 'son' },
    method: 'written',
  });
  await call(cw, 'POST', `/cases/${caseId}/pre-survey`, {
    survey: { adl: { bathing: 2, dressing: 1, eating: 0, toileting: 1, transferring: 1, continence: 0, grooming: 1 }, livesAlone: true },
  });
  await call(cw, 'POST', `/cases/${caseId}/assessment`, {
    result: { medicalSupportNeed: 'moderate', dailyCareNeed: 'high', needDomains: ['housing'], assessor: 'NHIS' },
  });
  await call(cw, 'POST', `/cases/${caseId}/eligibility`, { severeDisabilityRecognised: false, difficultyCauses: ['frailty'] });
  const period = { start: '2026-12-01', end: '2027-05-31' };
  await call(cw, 'POST', `/cases/${caseId}/plan`, {
    lines: [
      { lineId: 'L1', serviceCode: 'MED-03', quantity: { amount: 2, unit: 'visit', per: 'week' }, period },
      { lineId: 'L2', serviceCode: 'LTC-02', quantity: { amount: 5, unit: 'visit', per: 'week' }, period },
      { lineId: 'L3', serviceCode: 'HOU-02', quantity: { amount: 1, unit: 'case', per: 'once' }, period },
    ],
    coordination: 'The home-nursing agency leads; weekly call with the in-home care agency.',
    personHeard: true,
  });
  await call(cw, 'POST', `/cases/${caseId}/plan/submit`, {});
  process.stdout.write('Support conference (supervisor):\n');
  await call(sv, 'POST', `/cases/${caseId}/conference-decision`, { decision: 'approve' });

  process.stdout.write('Referrals go out on the domain topics; simulated providers answer over Kafka...\n');
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const state = (await fetch(`${base}/cases/${caseId}`, { headers: { authorization: `Bearer ${cw}` } }).then((r) => r.json())) as {
      referrals: Record<string, { serviceCode: string; status: string; providerId?: string }>;
    };
    const refs = Object.values(state.referrals);
    if (refs.length > 0 && refs.every((r) => r.status === 'accepted')) break;
  }
  const timeline = (await call(sv, 'GET', `/cases/${caseId}/timeline`)) as {
    items: { at: string; actorRole: string; action: string; target: string }[];
  };
  process.stdout.write(`\nTimeline of ${caseId}:\n`);
  for (const t of timeline.items) process.stdout.write(`  ${t.at}  ${t.actorRole.padEnd(10)} ${t.action.padEnd(22)} ${t.target}\n`);
  process.stdout.write(`\nOpen it in the Temporal Web UI: http://127.0.0.1:8233/namespaces/default/workflows/${caseId}\n`);
  await sim.stop();
  await producer.disconnect();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n(is the system running? npm start)\n`);
    process.exit(1);
  },
);
