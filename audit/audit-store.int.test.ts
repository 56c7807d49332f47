/**
 * The audit store against a real PostgreSQL server (the same cases as on PGlite), and the audit consumer
 * against the real Kafka broker, fed by the real publishing code. PostgreSQL is started here if it is not
 * running (infra/postgres-up.sh is idempotent); each run works in databases of its own, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createPublishEventActivities, type PublishEventInput } from '../activities/publish-event';
import { testLogger, createTestKafka, type TestKafka } from '../test/harness/kafka';
import { uniqueId } from '../test/harness/ids';
import { testAuditSealer } from '../test/harness/test-codec';
import { AUDIT_EVENT_TYPE } from '../domain/vocabulary';
import { caseStepEvent } from '../workflows/case/case-events';
import type { CaseState } from '../domain/case/case-state';
import { AUDIT_RECORD_REFUSED, AUDIT_REFUSALS_CASE_ID, startAuditConsumer, type AuditConsumer } from './audit-consumer';
import { createAuditStore, type AuditStore } from './audit-store';
import { describeAuditStoreContract } from './audit-store.cases';
import { migrateAuditSchema } from './schema';
import { openPglite, openPostgres } from './sql';
import type { SqlDb } from './sql-db';

const ROOT = path.resolve(__dirname, '..');
const runId = randomBytes(4).toString('hex');
const databases = { store: `audit_test_${runId}_store`, kafka: `audit_test_${runId}_kafka` };
let serverUrl: string;

const urlOf = (database: string) => {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
};

async function onServer<T>(fn: (db: SqlDb) => Promise<T>): Promise<T> {
  const admin = openPostgres(urlOf('postgres'), { max: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Prints the connection URL as its last line; starts the server only when it is not running.
  const out = execFileSync('bash', [path.join(ROOT, 'infra', 'postgres-up.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  serverUrl = out.trim().split('\n').pop()!;
  await onServer(async (admin) => {
    for (const name of Object.values(databases)) await admin.exec(`create database ${name}`);
  });
});

afterAll(async () => {
  if (!serverUrl) return;
  await onServer(async (admin) => {
    for (const name of Object.values(databases)) await admin.exec(`drop database if exists ${name} with (force)`);
  });
});

describeAuditStoreContract('PGlite in memory', () => openPglite('memory'));
describeAuditStoreContract('PostgreSQL', async () => openPostgres(urlOf(databases.store)));

describe('PostgreSQL connection dropped inside a transaction', () => {
  test('the transaction fails, the process keeps running, and the next one gets a new connection', async () => {
    const db = openPostgres(urlOf(databases.store), { max: 1 });
    try {
      await expect(
        db.transaction(async (tx) => {
          const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [{ pid: number }];
          // What a PostgreSQL restart does to a connection between two queries of a transaction.
          await onServer((admin) => admin.query('select pg_terminate_backend($1)', [pid]));
          await new Promise((r) => setTimeout(r, 300));
          await tx.query('select 1');
        }),
      ).rejects.toThrow();
      const again = await db.transaction((tx) => tx.query<{ one: number }>('select 1 as one'));
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});

/** What the HTTP API publishes for a supervisor's read of a case, with the client's address. */
const readEvent = (caseId: string, n: number, at: string, action = 'case.viewed'): PublishEventInput => ({
  eventKey: `${caseId}/read/${n}`,
  destination: { stream: 'audit' },
  partitionKey: caseId,
  type: AUDIT_EVENT_TYPE,
  subject: caseId,
  time: at,
  actorrole: 'supervisor',
  actorid: 'sv-2',
  data: {
    caseId,
    target: caseId,
    action,
    access: 'read',
    actorRole: 'supervisor',
    actorId: 'sv-2',
    at,
    details: { from: '10.1.2.3', route: '/cases/:caseId' },
  },
});

describe('audit consumer on the real Kafka broker', () => {
  let kafka: TestKafka;
  let db: SqlDb;
  let store: AuditStore;
  const consumers: AuditConsumer[] = [];

  beforeAll(async () => {
    kafka = await createTestKafka('audit');
    db = openPostgres(urlOf(databases.kafka));
    await migrateAuditSchema(db);
    store = createAuditStore(db);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await kafka?.close();
    await db?.close();
  });

  test("stores each audit event once, each topic's in order, through database failures and redelivery", async () => {
    const { publishEvents, publishEvent } = createPublishEventActivities({
      producer: kafka.producer,
      topics: kafka.topics,
      auditSealer: testAuditSealer,
    });
    const caseId = uniqueId('case');
    const state = {
      caseId,
      status: 'preSurvey',
      openedAt: '2025-03-01T09:00:00+09:00',
      districtCode: '11680',
      dongCode: '11680510',
    } as CaseState;
    const caseworker = { role: 'caseworker', id: 'cw-7' } as const;
    const opened = caseStepEvent(state, {
      kind: 'opened',
      seq: 1,
      at: '2025-03-01T09:00:00+09:00',
      actor: caseworker,
      status: 'awaitingConsent',
      details: { applicantType: 'self' },
    });
    const consent = caseStepEvent(state, {
      kind: 'consentRecorded',
      seq: 2,
      at: '2025-03-01T09:05:00+09:00',
      actor: caseworker,
      status: 'preSurvey',
      details: { scope: ['survey', 'sharing', 'referral'] },
    });
    const read = readEvent(caseId, 1, '2025-03-01T09:10:00+09:00');
    await publishEvents([opened]);
    await publishEvents([consent]);
    await publishEvents([consent]); // a retried activity publishes the identical events again
    await publishEvent(read);
    await kafka.producer.send({ topic: kafka.topics.audit, messages: [{ value: 'not an event' }] });

    // The database refuses the first two appends: the consumer retries the same records, it never skips one.
    let failures = 2;
    const flaky: AuditStore = {
      ...store,
      appendBatch: (entries) => (failures-- > 0 ? Promise.reject(new Error('connection refused (simulated)')) : store.appendBatch(entries)),
    };
    const groupId = uniqueId('audit-store');
    const consumer = await startAuditConsumer({
      kafka: kafka.kafka,
      topics: kafka.topics,
      store: flaky,
      sealer: testAuditSealer,
      logger: testLogger,
      groupId,
      retryDelaysMs: { initial: 50, max: 200 },
    });
    consumers.push(consumer);
    // Counted once handled (received is counted on arrival, before the append finishes).
    const handled = (st: typeof consumer.stats) => st.appended + st.duplicates + st.idConflicts + st.malformed;
    await until('5 audit records', () => handled(consumer.stats) >= 5);
    expect(consumer.stats).toEqual({
      received: 5,
      notAudited: 0,
      appended: 3,
      duplicates: 1,
      idConflicts: 0,
      malformed: 1,
      unsealed: 0,
      retries: 2,
      commits: expect.any(Number),
    });

    // The steps come from the case topic, the read from the audit topic: each topic's records in their order.
    const entries = await store.caseEntries(caseId);
    expect(entries.filter((e) => e.access === 'write').map((e) => [e.action, e.actorId])).toEqual([
      ['opened', 'cw-7'],
      ['consentRecorded', 'cw-7'],
    ]);
    expect(entries.filter((e) => e.access === 'read').map((e) => [e.action, e.actorId])).toEqual([['case.viewed', 'sv-2']]);
    expect(await store.accessReport(caseId)).toEqual([
      expect.objectContaining({
        actorId: 'sv-2',
        actorRole: 'supervisor',
        sourceIp: '10.1.2.3',
        at: '2025-03-01T00:10:00.000Z',
        action: 'case.viewed',
      }),
    ]);
    // The malformed record is not dropped silently: its refusal is in the chain.
    expect(await store.caseEntries(AUDIT_REFUSALS_CASE_ID)).toEqual([
      expect.objectContaining({ action: AUDIT_RECORD_REFUSED, details: expect.objectContaining({ reason: 'malformed' }) }),
    ]);
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 4 });

    // Offsets are committed once appended: the group has consumed both topics whole.
    await consumer.stop();
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      for (const topic of [kafka.topics.audit, kafka.topics.caseEvents]) {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const ends = await admin.fetchTopicOffsets(topic);
        const withRecords = ends.filter((e) => e.high !== '0').map((e) => ({ partition: e.partition, offset: e.high }));
        expect(withRecords.length).toBeGreaterThan(0);
        expect(committed!.partitions).toEqual(expect.arrayContaining(withRecords.map((p) => expect.objectContaining(p))));
      }
    } finally {
      await admin.disconnect();
    }

    // Offsets lost (a new group): everything is read again and nothing is appended twice.
    const rereader = await startAuditConsumer({
      kafka: kafka.kafka,
      topics: kafka.topics,
      store,
      sealer: testAuditSealer,
      logger: testLogger,
      groupId: uniqueId('audit-store'),
    });
    consumers.push(rereader);
    await until('the topic read again', () => handled(rereader.stats) >= 5);
    expect(rereader.stats).toMatchObject({ appended: 0, duplicates: 4, malformed: 1 });
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 4 });
  });

  test("records consumed together keep their order in the chain, the refusal of an id conflict in its record's place", async () => {
    const { publishEvent } = createPublishEventActivities({ producer: kafka.producer, topics: kafka.topics, auditSealer: testAuditSealer });
    const caseId = uniqueId('case');
    const read = (n: number, action?: string) => readEvent(caseId, n, `2025-03-01T09:1${n}:00+09:00`, action);
    // Published before the consumer starts, on one partition: fetched and appended together.
    for (const event of [read(1), read(2), read(1, 'timeline.viewed'), read(3)]) await publishEvent(event);
    const consumer = await startAuditConsumer({
      kafka: kafka.kafka,
      topics: kafka.topics,
      store,
      sealer: testAuditSealer,
      logger: testLogger,
      groupId: uniqueId('audit-store'),
    });
    consumers.push(consumer);
    await until('the three reads', async () => (await store.caseEntries(caseId)).length >= 3 && consumer.stats.idConflicts >= 1);
    await consumer.stop();
    const refusals = await store.caseEntries(AUDIT_REFUSALS_CASE_ID);
    const refusal = refusals.find((e) => e.details.claimedCaseId === caseId)!;
    expect(refusal.details).toMatchObject({ reason: 'id-conflict' });
    const [one, two, three] = await store.caseEntries(caseId);
    expect([one, two, three].map((e) => e!.at)).toEqual([
      '2025-03-01T00:11:00.000Z',
      '2025-03-01T00:12:00.000Z',
      '2025-03-01T00:13:00.000Z',
    ]);
    // The chain order: 1, 2, the refusal of the conflicting record, 3.
    expect(refusal.seq).toBeGreaterThan(two!.seq);
    expect(three!.prevHash).toBe(refusal.hash);
    expect(await store.verifyChain()).toMatchObject({ ok: true });
  });

  test('commits what it stored at most once a second while records come, and once more at stop', async () => {
    const { publishEvent } = createPublishEventActivities({ producer: kafka.producer, topics: kafka.topics, auditSealer: testAuditSealer });
    // The earlier tests' consumers (other groups) would store these records first.
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    const groupId = uniqueId('audit-store');
    const start = () =>
      startAuditConsumer({ kafka: kafka.kafka, topics: kafka.topics, store, sealer: testAuditSealer, logger: testLogger, groupId });
    const consumer = await start();
    consumers.push(consumer);
    const cases = Array.from({ length: 6 }, () => uniqueId('case'));
    const read = (caseId: string, n: number) => readEvent(caseId, n, '2025-03-01T09:10:00+09:00');
    // Six rounds over the topic's partitions, as reads come at load: kafkajs' own auto-commit made a commit of each
    // partition's batch of each fetch.
    const t0 = Date.now();
    for (let round = 1; round <= 6; round++) {
      await Promise.all(cases.map((c) => publishEvent(read(c, round))));
      await new Promise((r) => setTimeout(r, 150));
    }
    await until('36 reads stored', () => consumer.stats.appended >= 36);
    const seconds = (Date.now() - t0) / 1000;
    expect(consumer.stats.commits).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    const running = consumer.stats.commits;
    await consumer.stop();
    expect(consumer.stats.commits).toBe(running + 1);

    // The same group started again: everything stored was committed, nothing is read twice.
    const again = await start();
    consumers.push(again);
    await new Promise((r) => setTimeout(r, 3000));
    expect(again.stats.received).toBe(0);
  });

  test('while the database stays down it commits nothing, and stopping does not wait for it', async () => {
    const down: AuditStore = { ...store, appendBatch: () => Promise.reject(new Error('connection refused (simulated)')) };
    const groupId = uniqueId('audit-store');
    const consumer = await startAuditConsumer({
      kafka: kafka.kafka,
      topics: kafka.topics,
      store: down,
      sealer: testAuditSealer,
      logger: testLogger,
      groupId,
      retryDelaysMs: { initial: 50, max: 60000 },
    });
    await until('a few retries', () => consumer.stats.retries >= 3);
    const started = Date.now();
    await consumer.stop();
    expect(Date.now() - started).toBeLessThan(10000);
    expect(consumer.stats).toMatchObject({ appended: 0, duplicates: 0 });

    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [kafka.topics.audit] });
      // Only a skipped malformed record may have been committed past; no record that should be stored was.
      const committedRecords = committed!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      expect(committedRecords).toBeLessThanOrEqual(consumer.stats.malformed);
    } finally {
      await admin.disconnect();
    }
  });
});
