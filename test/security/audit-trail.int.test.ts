/**
 * Security suite, audit trail (issue 14, items 3 and 4), against the real Kafka broker and a real PostgreSQL
 * server with the two roles infra/postgres-up.sh creates: forged and pre-empting audit records are refused and
 * the refusal recorded; the application's role cannot change, remove, disable or recreate anything; what the
 * owner role can still do (rewrite with valid hashes, cut off the newest entries, drop the table) is each named
 * by the verification against the signed checkpoints.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublishEventActivities } from '../../activities/publish-event';
import { AUDIT_RECORD_REFUSED, AUDIT_REFUSALS_CASE_ID, startAuditConsumer, type AuditConsumer } from '../../audit/audit-consumer';
import { createAuditStore, type AuditStore } from '../../audit/audit-store';
import { entryHash } from '../../audit/chain';
import { readCheckpoints, resolveCheckpointKey, startCheckpointer, type CheckpointKey } from '../../audit/checkpoints';
import { AUDIT_FIXTURE_ROLES, prepareAuditSchema } from '../../audit/schema';
import { openPostgres } from '../../audit/sql';
import type { SqlDb } from '../../audit/sql-db';
import { verifyAuditStore } from '../../audit/verify';
import type { CaseState } from '../../domain/case/case-state';
import { deterministicEventId } from '../../events/event-id';
import { AUDIT_SEAL_HEADER } from '../../privacy/audit-seal';
import { caseStepEvent } from '../../workflows/case/case-events';
import { uniqueId } from '../harness/ids';
import { createTestKafka, testLogger, type TestKafka } from '../harness/kafka';
import { testAuditSealer } from '../harness/test-codec';

const ROOT = path.resolve(__dirname, '..', '..');
const runId = randomBytes(4).toString('hex');
const created: string[] = [];
let serverUrl: string;
let key: CheckpointKey;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-audit-sec-'));

const urlOf = (database: string, user = 'postgres') => {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  u.username = user;
  return u.toString();
};

async function asAdmin<T>(fn: (db: SqlDb) => Promise<T>): Promise<T> {
  const admin = openPostgres(urlOf('postgres'), { max: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

interface Fixture {
  app: SqlDb;
  owner: SqlDb;
  store: AuditStore;
  checkpointFile: string;
  close(): Promise<void>;
}

/** A database set up as infra/postgres-up.sh does: the owner creates the schema, the application's role appends. */
async function freshDatabase(name: string): Promise<Fixture> {
  const database = `audit_sec_${runId}_${name}`;
  created.push(database);
  await asAdmin((db) => db.exec(`create database ${database} owner ${AUDIT_FIXTURE_ROLES.owner}`));
  await asAdmin(async () => {
    const inDb = openPostgres(urlOf(database), { max: 1 });
    await inDb.exec(
      `alter schema public owner to ${AUDIT_FIXTURE_ROLES.owner}; revoke create on schema public from public; grant usage on schema public to ${AUDIT_FIXTURE_ROLES.app}`,
    );
    await inDb.close();
  });
  const owner = openPostgres(urlOf(database, AUDIT_FIXTURE_ROLES.owner), { max: 1 });
  const app = openPostgres(urlOf(database, AUDIT_FIXTURE_ROLES.app));
  await prepareAuditSchema(app, { db: owner, appRole: AUDIT_FIXTURE_ROLES.app });
  return {
    app,
    owner,
    store: createAuditStore(app),
    checkpointFile: path.join(dir, `${name}.jsonl`),
    close: async () => {
      await app.close();
      await owner.close();
    },
  };
}

const entry = (n: number) => ({
  eventId: `evt-${n}`,
  caseId: 'case-1',
  target: 'case-1',
  action: 'consentRecorded',
  access: 'write' as const,
  actorRole: 'caseworker',
  actorId: 'cw-7',
  at: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
  details: { n },
});

/** Appends entries and signs a checkpoint of the head, as the API does at its interval. */
async function withCheckpoint(f: Fixture, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await f.store.append(entry(n));
  const cp = startCheckpointer({ store: f.store, key, file: f.checkpointFile, intervalMs: 3_600_000, logger: testLogger });
  await cp.stop();
}

const verify = async (f: Fixture, db: SqlDb = f.app) =>
  verifyAuditStore(db, createAuditStore(db), await readCheckpoints(f.checkpointFile, key));

beforeAll(async () => {
  const out = execFileSync('bash', [path.join(ROOT, 'infra', 'postgres-up.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  serverUrl = out.trim().split('\n').pop()!;
  key = await resolveCheckpointKey({ env: {}, dataDir: dir, production: false });
});

afterAll(async () => {
  if (serverUrl)
    await asAdmin(async (db) => {
      for (const name of created) await db.exec(`drop database if exists ${name} with (force)`);
    });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit records through Kafka', () => {
  let kafka: TestKafka;
  let f: Fixture;
  let consumer: AuditConsumer;
  beforeAll(async () => {
    kafka = await createTestKafka('audit-sec');
    f = await freshDatabase('kafka');
    consumer = await startAuditConsumer({
      kafka: kafka.kafka,
      topics: kafka.topics,
      store: f.store,
      sealer: testAuditSealer,
      logger: testLogger,
      groupId: uniqueId('audit-sec'),
    });
  });
  afterAll(async () => {
    await consumer?.stop();
    await kafka?.close();
    await f?.close();
  });

  test('a forged record or step event (no seal, or a seal of something else) is refused and the refusal recorded; the real one is stored', async () => {
    const caseId = uniqueId('case');
    const state = { caseId, openedAt: '2026-03-01T09:00:00+09:00', districtCode: '11680', dongCode: '11680510' } as CaseState;
    const step = {
      kind: 'opened' as const,
      seq: 1,
      at: '2026-03-01T09:00:00+09:00',
      actor: { role: 'caseworker' as const, id: 'cw-7' },
      status: 'awaitingConsent' as const,
      details: { applicantType: 'self' as const },
    };
    const event = caseStepEvent(state, step);
    // The attacker knows the public scheme of event ids and publishes first, with a lie in it.
    const publicId = deterministicEventId(event.eventKey);
    const forged = (type: string, data: Record<string, unknown>) => ({
      specversion: '1.0',
      id: publicId,
      source: 'urn:dolbom:seoul',
      type,
      subject: caseId,
      time: step.at,
      datacontenttype: 'application/json',
      actorrole: 'caseworker',
      actorid: 'someone-else',
      data,
    });
    const record = forged('kr.dolbom.audit.recorded.v1', {
      caseId,
      target: caseId,
      action: 'opened',
      access: 'write',
      actorRole: 'caseworker',
      actorId: 'someone-else',
      at: step.at,
      details: { status: 'awaitingConsent' },
    });
    // Counted before the first forgery goes out, so the consumer cannot have counted it already.
    const before = { ...consumer.stats };
    await kafka.producer.send({ topic: kafka.topics.audit, messages: [{ key: caseId, value: JSON.stringify(record) }] });
    // The step's event itself, forged with a seal of another value: refused; without a seal it is no audit record.
    const lie = JSON.stringify(forged(event.type, event.data as Record<string, unknown>));
    await kafka.producer.send({
      topic: kafka.topics.caseEvents,
      messages: [
        { key: caseId, value: lie, headers: { [AUDIT_SEAL_HEADER]: testAuditSealer.seal('{"another":"record"}') } },
        { key: caseId, value: lie },
      ],
    });
    const { publishEvents } = createPublishEventActivities({
      producer: kafka.producer,
      topics: kafka.topics,
      auditSealer: testAuditSealer,
    });
    await publishEvents([event]);

    await until(() => consumer.stats.unsealed >= before.unsealed + 2 && consumer.stats.appended >= before.appended + 1);
    expect(consumer.stats.notAudited).toBeGreaterThanOrEqual(before.notAudited + 1);
    const entries = await f.store.caseEntries(caseId);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([['opened', 'cw-7']]);
    expect(entries[0]!.eventId).not.toBe(publicId);
    const refusals = await f.store.caseEntries(AUDIT_REFUSALS_CASE_ID);
    for (const topic of [kafka.topics.audit, kafka.topics.caseEvents])
      expect(refusals).toContainEqual(
        expect.objectContaining({
          action: AUDIT_RECORD_REFUSED,
          target: topic,
          details: expect.objectContaining({ reason: 'unsealed', claimedCaseId: caseId }),
        }),
      );
  });

  test('a sealed record reusing a recorded id with other contents is refused and raised, never kept silently', async () => {
    const caseId = uniqueId('case');
    const state = { caseId, openedAt: '2026-03-01T09:00:00+09:00', districtCode: '11680', dongCode: '11680510' } as CaseState;
    const step = {
      kind: 'opened' as const,
      seq: 1,
      at: '2026-03-01T09:00:00+09:00',
      actor: { role: 'caseworker' as const, id: 'cw-7' },
      status: 'awaitingConsent' as const,
      details: { applicantType: 'self' as const },
    };
    const { publishEvents } = createPublishEventActivities({
      producer: kafka.producer,
      topics: kafka.topics,
      auditSealer: testAuditSealer,
    });
    const audited = (status: 'awaitingConsent' | 'closed') => [caseStepEvent(state, { ...step, status })];
    await publishEvents(audited('awaitingConsent'));
    // Same step key (so the same keyed id), different contents: what a publisher holding the key would need to pre-empt.
    await publishEvents(audited('closed'));
    await until(() => consumer.stats.idConflicts >= 1);
    expect((await f.store.caseEntries(caseId)).map((e) => e.details.status)).toEqual(['awaitingConsent']);
    expect(await f.store.caseEntries(AUDIT_REFUSALS_CASE_ID)).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'id-conflict', claimedCaseId: caseId }) }),
    );
    expect(await f.store.verifyChain()).toMatchObject({ ok: true });
  });
});

describe("the application's database role", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await freshDatabase('role');
    await withCheckpoint(f, 3);
  });
  afterAll(() => f?.close());

  test.each([
    ['update', `update audit_entries set actor_id = 'x'`],
    ['delete', `delete from audit_entries`],
    ['truncate', `truncate audit_entries`],
    ['disable the triggers', `alter table audit_entries disable trigger user`],
    ['drop the table', `drop table audit_entries`],
    ['create a table of its own', `create table audit_entries_copy (seq int)`],
  ])('may not %s', async (_what, sql) => {
    await expect(f.app.exec(sql)).rejects.toThrow(/permission denied|must be owner/);
  });

  test('may append and read, and the store still verifies intact', async () => {
    await f.store.append(entry(4));
    expect((await f.store.caseEntries('case-1')).length).toBe(4);
    expect(await verify(f)).toMatchObject({ verdict: 'intact' });
  });
});

describe('what the owner role can still do is detected', () => {
  test('history rewritten with valid hashes (triggers disabled)', async () => {
    const f = await freshDatabase('rewrite');
    await withCheckpoint(f, 5);
    expect(await verify(f)).toMatchObject({ verdict: 'intact' });
    await f.owner.exec('alter table audit_entries disable trigger user');
    const rows = await createAuditStore(f.owner).caseEntries('case-1');
    let prev = rows[0]!.hash;
    for (const e of rows.slice(1)) {
      const changed = { ...e, actorId: e.seq === 3 ? 'someone-else' : e.actorId };
      const hash = entryHash(prev, changed);
      await f.owner.query('update audit_entries set actor_id = $1, prev_hash = $2, hash = $3 where seq = $4', [
        changed.actorId,
        prev,
        hash,
        e.seq,
      ]);
      prev = hash;
    }
    await f.owner.exec('alter table audit_entries enable trigger user');
    expect(await f.store.verifyChain()).toMatchObject({ ok: true }); // the chain alone cannot tell
    expect(await verify(f)).toMatchObject({ verdict: 'rewritten' });
    await f.close();
  });

  test('the newest entries cut off', async () => {
    const f = await freshDatabase('truncate');
    await withCheckpoint(f, 5);
    await f.owner.exec(
      'alter table audit_entries disable trigger user; delete from audit_entries where seq > 3; alter table audit_entries enable trigger user',
    );
    expect(await f.store.verifyChain()).toMatchObject({ ok: true, entries: 3 });
    expect(await verify(f)).toMatchObject({ verdict: 'truncated' });
    await f.close();
  });

  test('the table dropped, and dropped then recreated empty by the next start', async () => {
    const f = await freshDatabase('drop');
    await withCheckpoint(f, 5);
    await f.owner.exec('drop table audit_entries');
    expect(await verify(f)).toMatchObject({ verdict: 'dropped' });
    await prepareAuditSchema(f.app, { db: f.owner, appRole: AUDIT_FIXTURE_ROLES.app });
    await f.store.append(entry(9)); // the next real entry, after the restart
    expect(await f.store.verifyChain()).toMatchObject({ ok: true, entries: 1 });
    expect(await verify(f)).toMatchObject({ verdict: 'dropped' });
    await f.close();
  });

  test('a checkpoint written by someone without the signing key is named', async () => {
    const f = await freshDatabase('forged_checkpoint');
    await withCheckpoint(f, 2);
    const other = await resolveCheckpointKey({ env: {}, dataDir: fs.mkdtempSync(path.join(dir, 'other-')), production: false });
    const cp = startCheckpointer({ store: f.store, key: other, file: f.checkpointFile, intervalMs: 3_600_000, logger: testLogger });
    await f.store.append(entry(3));
    await cp.stop();
    expect(await verify(f)).toMatchObject({ verdict: 'checkpoints-tampered' });
    await f.close();
  });
});

async function until(check: () => boolean, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
