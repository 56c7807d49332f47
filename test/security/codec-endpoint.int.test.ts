/**
 * Security suite, codec endpoint (issue 14, item 2), against the real Temporal server and Kafka broker: the
 * payloads are a real workflow's history, encrypted by the real data converter; every decode is audited through
 * the real audit stream into the audit store. A token-less caller, a provider, a caller of another district and
 * a DNS-rebinding page are refused; the caller of the case's area decodes, and the store names who and how many.
 */
import { Client, Connection } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codecAuditor, codecAuthorizer, LOCAL_WEB_UI_ACTOR } from '../../api/codec-access';
import { createReadAuditor } from '../../api/audit-reads';
import type { Principal } from '../../api/auth/principal';
import { loadOrCreateLocalSigningKey, localVerifier, signLocalToken, type LocalSigningKey } from '../../api/auth/tokens';
import { startAuditConsumer, type AuditConsumer } from '../../audit/audit-consumer';
import { createAuditStore, type AuditStore } from '../../audit/audit-store';
import { migrateAuditSchema } from '../../audit/schema';
import { openPglite } from '../../audit/sql';
import type { SqlDb } from '../../audit/sql-db';
import { codecServerRoutes } from '../../privacy/codec-server';
import { uniqueId } from '../harness/ids';
import { createTestKafka, testLogger, type TestKafka } from '../harness/kafka';
import { testSettings } from '../harness/settings';
import { testAuditSealer, testCodec, testDataConverter } from '../harness/test-codec';

const UI = 'http://127.0.0.1:8233';
const person = { name: '홍길순', rrn: '480312-2123456' };

let kafka: TestKafka;
let connection: Connection;
let client: Client;
let key: LocalSigningKey;
let db: SqlDb;
let store: AuditStore;
let consumer: AuditConsumer;
const apps: FastifyInstance[] = [];
/** The encrypted payloads of a real workflow start in district 11680 (dong 11680510), as the Web UI gets them. */
let payloads: { metadata: Record<string, string>; data: string }[];

async function codecApp(production: boolean): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: false });
  const verify = localVerifier(key);
  const recordRead = createReadAuditor(kafka.producer, kafka.topics, testAuditSealer);
  await app.register(
    codecServerRoutes({
      codec: testCodec,
      authorize: codecAuthorizer({ verify, production, uiOrigin: UI }),
      audit: codecAuditor(recordRead),
      uiOrigin: UI,
    }),
  );
  await app.ready();
  apps.push(app);
  return app;
}

const token = (p: Principal) => signLocalToken(key, p, 600);

function decode(app: FastifyInstance, headers: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url: '/codec/decode',
    remoteAddress: '127.0.0.1',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ payloads }),
  });
}

beforeAll(async () => {
  kafka = await createTestKafka('codec-sec');
  key = await loadOrCreateLocalSigningKey(fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-codec-')));
  db = await openPglite('memory');
  await migrateAuditSchema(db);
  store = createAuditStore(db);
  consumer = await startAuditConsumer({
    kafka: kafka.kafka,
    topics: kafka.topics,
    store,
    sealer: testAuditSealer,
    logger: testLogger,
    groupId: uniqueId('codec-sec'),
  });

  const s = testSettings();
  connection = await Connection.connect({ address: s.temporalAddress });
  client = new Client({ connection, namespace: s.namespace, dataConverter: testDataConverter });
  // No worker polls this queue: the start is recorded in the history, which is all the Web UI shows here.
  const handle = await client.workflow.start('caseWorkflow', {
    taskQueue: uniqueId('codec-sec-idle'),
    workflowId: uniqueId('codec-sec'),
    args: [{ dongCode: '11680510', personal: person }],
  });
  const raw = await client.workflowService.getWorkflowExecutionHistory({
    namespace: s.namespace,
    execution: { workflowId: handle.workflowId },
  });
  const input = raw.history!.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
  payloads = input.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data!).toString('base64'),
  }));
  await handle.terminate('test done');
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await consumer?.stop();
  await db?.close();
  await kafka?.close();
  await connection?.close();
});

const secret = Buffer.from('홍길순').toString('base64');
const codecEntries = async (area: string) => store.caseEntries(`codec:${area}`);
async function until(check: () => Promise<boolean>, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the history payload is labelled with its district and is ciphertext', () => {
  expect(Buffer.from(payloads[0]!.metadata['dolbom-district']!, 'base64').toString()).toBe('11680');
  expect(JSON.stringify(payloads)).not.toContain(secret);
});

test('a caller without a token is refused, in production even from loopback with the UI origin', async () => {
  for (const production of [true, false]) {
    const app = await codecApp(production);
    const res = await decode(app, production ? { host: '127.0.0.1:8080', origin: UI } : { host: '127.0.0.1:8080' });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain(secret);
  }
});

test('a DNS-rebinding page (a foreign Host or Origin reaching loopback) is refused', async () => {
  const app = await codecApp(false);
  for (const headers of [
    { host: 'attacker.example:8080', origin: 'http://attacker.example:8080' },
    { host: 'attacker.example:8080', origin: UI },
    { host: '127.0.0.1:8080', origin: 'http://attacker.example' },
  ]) {
    const res = await decode(app, headers);
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain(secret);
  }
});

test('a provider, and a supervisor or caseworker of another area, are refused, and the attempt is audited', async () => {
  const app = await codecApp(true);
  const provider = await decode(app, { authorization: `Bearer ${await token({ role: 'provider', sub: 'p-1', providerId: 'prov-1' })}` });
  expect(provider.statusCode).toBe(403);
  const supervisor = await decode(app, {
    authorization: `Bearer ${await token({ role: 'supervisor', sub: 'sv-foreign', district: '11110' })}`,
  });
  expect(supervisor.statusCode).toBe(403);
  const caseworker = await decode(app, {
    authorization: `Bearer ${await token({ role: 'caseworker', sub: 'cw-foreign', dongs: ['11110510'] })}`,
  });
  expect(caseworker.statusCode).toBe(403);
  for (const res of [provider, supervisor, caseworker]) expect(res.body).not.toContain(secret);
  await until(async () => (await codecEntries('11680')).filter((e) => e.action === 'access.refused').length >= 2);
  expect((await codecEntries('11680')).map((e) => [e.action, e.actorId])).toEqual(
    expect.arrayContaining([
      ['access.refused', 'sv-foreign'],
      ['access.refused', 'cw-foreign'],
    ]),
  );
});

test("the case's own area decodes, and the store records who and how many payloads", async () => {
  const app = await codecApp(true);
  const res = await decode(app, { authorization: `Bearer ${await token({ role: 'caseworker', sub: 'cw-own', dongs: ['11680510'] })}` });
  expect(res.statusCode).toBe(200);
  const decoded = (res.json() as { payloads: { data: string }[] }).payloads[0]!;
  expect(JSON.parse(Buffer.from(decoded.data, 'base64').toString('utf8'))).toMatchObject({ personal: person });
  await until(async () => (await codecEntries('11680')).some((e) => e.actorId === 'cw-own'));
  expect((await codecEntries('11680')).find((e) => e.actorId === 'cw-own')).toMatchObject({
    action: 'payloads.decoded',
    access: 'read',
    actorRole: 'caseworker',
    sourceIp: '127.0.0.1',
    details: expect.objectContaining({ payloads: payloads.length }),
  });
});

test('outside production, the local Web UI (loopback, loopback Host, its Origin) decodes without a token, audited by name', async () => {
  const app = await codecApp(false);
  const res = await decode(app, { host: 'localhost:8080', origin: UI });
  expect(res.statusCode).toBe(200);
  await until(async () => (await codecEntries('11680')).some((e) => e.actorId === LOCAL_WEB_UI_ACTOR.sub));
});
