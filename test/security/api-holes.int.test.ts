/**
 * Security suite, the API's smaller holes (issue 14, item 5), against the real Temporal server and Kafka broker:
 * a second intake of a person whose open case is in another dong is refused without naming that case (no
 * existence oracle) and the attempt is audited against the case; /health/ready with Temporal and Kafka
 * unreachable says which dependency is down but not why (the cause goes to the log only); list endpoints refuse
 * a page out of range instead of scanning deep (api/routes/paging.ts).
 */
import { Client, Connection } from '@temporalio/client';
import net from 'node:net';
import pino from 'pino';
import type { Principal } from '../../api/auth/principal';
import { createKafka } from '../../platform/kafka';
import { createTestApi, type TestApi } from '../harness/api';
import { eventually } from '../harness/case-env';
import { uniqueId } from '../harness/ids';
import { createTestKafka, type TestKafka } from '../harness/kafka';
import { startRealTemporal, type RealTemporal } from '../harness/real-temporal';
import { testSettings } from '../harness/settings';

const DONG = '11110510';
const OTHER_DONG = '11140510';
const caseworker: Principal = { role: 'caseworker', sub: 'cw-holes-kim', dongs: [DONG] };
const otherCaseworker: Principal = { role: 'caseworker', sub: 'cw-holes-park', dongs: [OTHER_DONG] };
const supervisor: Principal = { role: 'supervisor', sub: 'sv-holes-lee', district: '11110' };
const provider: Principal = { role: 'provider', sub: 'prv-holes', providerId: 'prv-11110-hc-01' };
const assessor: Principal = { role: 'assessor', sub: 'nhis-holes', districts: ['11110'] };

const rrn = () => `480312-2${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

/** A port nothing listens on: bound by the system, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let kafka: TestKafka;
let temporal: RealTemporal;
let api: TestApi;
const tokens = new Map<Principal, string>();

const get = (who: Principal, url: string) =>
  api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.get(who)}` } });
const post = (who: Principal, url: string, payload: object) =>
  api.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${tokens.get(who)}` } });

beforeAll(async () => {
  kafka = await createTestKafka('api-holes');
  temporal = await startRealTemporal('api-holes', kafka);
  api = await createTestApi(temporal, kafka);
  for (const p of [caseworker, otherCaseworker, supervisor, provider, assessor]) tokens.set(p, await api.token(p));
});
afterAll(async () => {
  await api?.close();
  await temporal?.close();
  await kafka?.close();
});

it("a second intake of a person whose open case is in another dong: 409 without the case's id, and the attempt audited", async () => {
  const personal = { name: '홍길순', rrn: rrn(), birthDate: '1948-03-12' };
  const application = { applicantType: 'self', residence: { basis: 'registeredAddress' } };
  const first = await post(caseworker, '/cases', { dongCode: DONG, application, personal });
  expect(first.statusCode).toBe(201);
  const caseId = first.json().caseId as string;

  const second = await post(otherCaseworker, '/cases', { dongCode: OTHER_DONG, application, personal });
  expect(second.statusCode).toBe(409);
  expect(second.headers['content-type']).toContain('application/problem+json');
  expect(second.json().existingCaseId).toBeUndefined();
  expect(second.body).not.toContain(caseId);
  expect(second.json().detail).toContain('another area');

  // The case's district supervisor sees who tried, in the audit store fed from the audit stream.
  const report = await eventually(
    () => get(supervisor, `/cases/${caseId}/access-report`).then((r) => r.json()),
    (b) => (b.reads ?? []).some((r: { action: string }) => r.action === 'access.refused'),
  );
  const refusals = report.reads.filter((r: { action: string }) => r.action === 'access.refused');
  expect(refusals.map((r: { actorRole: string; actorId: string }) => `${r.actorRole}:${r.actorId}`)).toEqual(['caseworker:cw-holes-park']);
  // Still the case of the first dong, unchanged.
  expect((await get(caseworker, `/cases/${caseId}`)).json()).toMatchObject({ status: 'awaitingConsent', dongCode: DONG });
});

it('/health/ready with Temporal and Kafka unreachable names them unavailable, without their error text, and logs the cause', async () => {
  const port = await closedPort();
  const address = `127.0.0.1:${port}`;
  // No retry interceptor: the probe fails on the first refused connection, not after the health check's deadline.
  const connection = Connection.lazy({ address, connectTimeout: 1000, interceptors: [] });
  const deadTemporal = new Client({ connection });
  const deadKafka = createKafka({
    brokers: [address],
    clientId: uniqueId('dead-kafka'),
    logger: pino({ level: 'silent' }),
    security: testSettings().kafkaSecurity,
    extra: { retry: { retries: 0 }, connectionTimeout: 1000 },
  });
  const logged: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
  const healthApi = await createTestApi(temporal, kafka, {
    logger,
    probes: {
      temporal: async () => void (await deadTemporal.workflowService.getSystemInfo({})),
      kafka: async () => {
        const admin = deadKafka.admin();
        try {
          await admin.connect();
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      },
    },
  });
  try {
    const res = await healthApi.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not ready', checks: { temporal: 'unavailable', kafka: 'unavailable' } });
    for (const internal of [String(port), '127.0.0.1', 'ECONNREFUSED', 'rror', 'connect']) expect(res.body).not.toContain(internal);
    // The operator still learns why, from the log.
    const causes = logged.map((l) => JSON.parse(l) as { msg: string; dependency?: string; err?: { message?: string } });
    const failed = causes.filter((c) => c.msg === 'readiness probe failed');
    expect(failed.map((c) => c.dependency).sort()).toEqual(['kafka', 'temporal']);
    expect(failed.some((c) => /ECONNREFUSED|Connection error|timed out/.test(c.err?.message ?? ''))).toBe(true);
    // The live probe still answers: the process is up.
    expect((await healthApi.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  } finally {
    await healthApi.close();
    await connection.close().catch(() => undefined);
  }
});

describe('paging', () => {
  const lists: [string, Principal][] = [
    ['/caseload', caseworker],
    ['/supervisor/conference-queue', supervisor],
    ['/supervisor/escalations', supervisor],
    ['/supervisor/overdue', supervisor],
    ['/provider/referrals', provider],
    ['/assessor/requests', assessor],
  ];

  it.each(lists)('GET %s refuses a page beyond 1000, below 1 and a page size beyond 200 with 400', async (url, who) => {
    for (const query of ['page=1001', 'page=0', 'page=-3', 'page=1.5', 'pageSize=201']) {
      const res = await get(who, `${url}?${query}`);
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
      expect(res.json()).toMatchObject({ type: 'urn:dolbom:problem:invalid-input' });
      expect(JSON.stringify(res.json().errors)).toMatch(/page/i);
    }
  });

  it.each(lists)('GET %s serves the last page allowed (1000), empty', async (url, who) => {
    const res = await get(who, `${url}?page=1000&pageSize=200`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });
});
