/**
 * The audit store's behaviour, as one set of test cases run against every database it supports: PGlite in the
 * unit tests, PGlite and a real PostgreSQL server in the integration tests. Each case starts from an empty
 * table (dropping a table is DDL, which the append-only trigger does not cover).
 */
import { createAuditStore, type AuditStore } from './audit-store';
import { entryHash, GENESIS_HASH, type AuditEntryInput } from './chain';
import { CONSENT_WRITE } from './fixtures';
import { migrateAuditSchema } from './schema';
import type { SqlDb } from './sql-db';

export function entryInput(n: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    ...CONSENT_WRITE,
    eventId: `evt-${n}`,
    at: `2025-03-0${(n % 9) + 1}T09:00:00+09:00`,
    details: { status: 'preSurvey', n },
    ...overrides,
  };
}

export function describeAuditStoreContract(label: string, openDb: () => Promise<SqlDb>): void {
  describe(`audit store on ${label}`, () => {
    let db: SqlDb;
    let store: AuditStore;

    beforeAll(async () => {
      db = await openDb();
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await db.exec('drop table if exists audit_entries cascade');
      await migrateAuditSchema(db);
      store = createAuditStore(db);
    });

    const tamper = (sql: string, params: unknown[] = []) =>
      db.transaction(async (tx) => {
        await tx.exec('alter table audit_entries disable trigger all');
        await tx.query(sql, params);
        await tx.exec('alter table audit_entries enable trigger all');
      });

    test('migrating again changes nothing', async () => {
      await store.append(entryInput(1));
      await Promise.all([migrateAuditSchema(db), migrateAuditSchema(db)]);
      expect((await store.stats()).entries).toBe(1);
    });

    test('appends in order, each entry linked to the one before', async () => {
      const results = [];
      for (const n of [1, 2, 3]) results.push(await store.append(entryInput(n)));
      expect(results.map((r) => r.outcome)).toEqual(['appended', 'appended', 'appended']);
      expect(results[1]!.seq).toBeGreaterThan(results[0]!.seq);
      expect(results[2]!.seq).toBeGreaterThan(results[1]!.seq);

      const entries = await store.caseEntries('case-1');
      expect(entries.map((e) => e.eventId)).toEqual(['evt-1', 'evt-2', 'evt-3']);
      expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
      expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
      expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
      expect(entries[0]!.hash).toBe(entryHash(GENESIS_HASH, entryInput(1)));
      expect(entries[0]).toMatchObject({
        caseId: 'case-1',
        access: 'write',
        actorRole: 'caseworker',
        actorId: 'cw-7',
        at: '2025-03-02T00:00:00.000Z',
        sourceIp: null,
        details: { status: 'preSurvey', n: 1 },
      });
    });

    test('a redelivered event appends nothing; a different event reusing its id is reported, not stored', async () => {
      const first = await store.append(entryInput(1));
      await store.append(entryInput(2));
      const again = await store.append(entryInput(1));
      expect(again).toEqual({ outcome: 'duplicate', seq: first.seq, hash: first.hash });
      // The same moment written in another time zone is the same event.
      expect((await store.append(entryInput(1, { at: '2025-03-02T00:00:00Z' }))).outcome).toBe('duplicate');
      const conflict = await store.append(entryInput(1, { action: 'closed' }));
      expect(conflict).toEqual({ outcome: 'id-conflict', seq: first.seq, hash: first.hash });
      expect((await store.stats()).entries).toBe(2);
      expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 2 });
    });

    test('a batch makes the very chain appending its entries one by one makes', async () => {
      const inputs = [1, 2, 3, 4, 5].map((n) => entryInput(n, { caseId: `case-${n % 2}`, details: { nested: { b: [n, null] }, n } }));
      const oneByOne = [];
      for (const input of inputs) oneByOne.push((await store.append(input)).hash);
      const storedOneByOne = (await store.caseEntries('case-0')).concat(await store.caseEntries('case-1')).map((e) => e.hash);

      await db.exec('drop table if exists audit_entries cascade');
      await migrateAuditSchema(db);
      const results = await store.appendBatch(inputs);
      expect(results.map((r) => r.outcome)).toEqual(['appended', 'appended', 'appended', 'appended', 'appended']);
      expect(results.map((r) => r.hash)).toEqual(oneByOne);
      expect((await store.caseEntries('case-0')).concat(await store.caseEntries('case-1')).map((e) => e.hash)).toEqual(storedOneByOne);
      expect(results.map((r) => r.seq)).toEqual([...results.map((r) => r.seq)].sort((x, y) => x - y));
      expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 5, headHash: oneByOne[4] });
      // A batch after entries already stored links to the last of them.
      const [next] = await store.appendBatch([entryInput(6)]);
      const head = await store.stats();
      expect(next).toEqual({ outcome: 'appended', seq: head.headSeq, hash: head.headHash });
      expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 6 });
    });

    test('in a batch, an id already stored or earlier in the batch is a duplicate, and an id conflict ends the batch', async () => {
      const stored = await store.append(entryInput(1));
      const results = await store.appendBatch([
        entryInput(2),
        entryInput(1), // already stored, same event
        entryInput(2, { at: '2025-03-03T00:00:00Z' }), // earlier in this batch, the same moment
        entryInput(3),
        entryInput(3, { action: 'closed' }), // earlier in this batch, different contents
        entryInput(4), // after the conflict: not appended, for the caller to send again after its refusal
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['appended', 'duplicate', 'duplicate', 'appended', 'id-conflict']);
      expect(results[1]).toEqual({ outcome: 'duplicate', seq: stored.seq, hash: stored.hash });
      expect(results[2]).toEqual({ ...results[0], outcome: 'duplicate' });
      expect(results[4]).toEqual({ ...results[3], outcome: 'id-conflict' });
      expect((await store.appendBatch([entryInput(1, { action: 'closed' }), entryInput(4)])).map((r) => r.outcome)).toEqual([
        'id-conflict',
      ]);
      expect((await store.caseEntries('case-1')).map((e) => e.eventId)).toEqual(['evt-1', 'evt-2', 'evt-3']);
      expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 3 });
    });

    test('a batch is all or nothing: one entry that cannot be stored refuses the batch before writing', async () => {
      await store.append(entryInput(1));
      await expect(store.appendBatch([entryInput(2), entryInput(3, { details: { note: 'a\u0000b' } })])).rejects.toThrow(/NUL/);
      expect(await store.appendBatch([])).toEqual([]);
      expect((await store.stats()).entries).toBe(1);
    });

    test('concurrent batches keep one linear chain', async () => {
      const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 5 }, (_, i) => entryInput(b * 5 + i + 1)));
      const results = (await Promise.all(batches.map((batch) => store.appendBatch(batch)))).flat();
      expect(results.every((r) => r.outcome === 'appended')).toBe(true);
      expect(new Set(results.map((r) => r.seq)).size).toBe(30);
      expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 30 });
    });

    test('case entries are per case, in the order recorded', async () => {
      await store.append(entryInput(1, { caseId: 'case-a', target: 'case-a' }));
      await store.append(entryInput(2, { caseId: 'case-b', target: 'case-b' }));
      await store.append(entryInput(3, { caseId: 'case-a', target: 'ref-9', action: 'requested', at: '2025-01-01T00:00:00Z' }));
      expect((await store.caseEntries('case-a')).map((e) => e.eventId)).toEqual(['evt-1', 'evt-3']);
      expect((await store.caseEntries('case-b')).map((e) => e.eventId)).toEqual(['evt-2']);
      expect(await store.caseEntries('case-none')).toEqual([]);
    });

    test('the access report lists only reads: who, role, when, from where, what', async () => {
      await store.append(entryInput(1));
      await store.append(
        entryInput(2, {
          access: 'read',
          action: 'case.viewed',
          actorRole: 'nurse',
          actorId: 'nurse-3',
          sourceIp: '10.1.2.3',
          details: { from: '10.1.2.3', view: 'plan' },
        }),
      );
      await store.append(entryInput(3, { caseId: 'case-2', target: 'case-2', access: 'read', action: 'case.viewed' }));
      const report = await store.accessReport('case-1');
      expect(report).toEqual([
        {
          seq: expect.any(Number),
          at: '2025-03-03T00:00:00.000Z',
          actorId: 'nurse-3',
          actorRole: 'nurse',
          sourceIp: '10.1.2.3',
          target: 'case-1',
          action: 'case.viewed',
          details: { from: '10.1.2.3', view: 'plan' },
        },
      ]);
      expect(await store.stats()).toMatchObject({ entries: 3, reads: 2, writes: 1 });
    });

    test('verifies an empty chain and an intact one', async () => {
      expect(await store.verifyChain()).toEqual({ ok: true, entries: 0, headSeq: null, headHash: GENESIS_HASH });
      for (const n of [1, 2, 3, 4]) await store.append(entryInput(n, { details: { nested: { b: [1, 'two', null], a: true }, n } }));
      const stats = await store.stats();
      expect(await store.verifyChain()).toEqual({ ok: true, entries: 4, headSeq: stats.headSeq, headHash: stats.headHash });
    });

    test('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
      await store.append(entryInput(1));
      await expect(db.query(`update audit_entries set action = 'closed'`)).rejects.toThrow(/append-only: UPDATE/);
      await expect(db.query('delete from audit_entries')).rejects.toThrow(/append-only: DELETE/);
      await expect(db.query('truncate audit_entries')).rejects.toThrow(/append-only: TRUNCATE/);
      expect(await store.caseEntries('case-1')).toHaveLength(1);
    });

    test('an altered entry is reported by its seq', async () => {
      const seqs = [];
      for (const n of [1, 2, 3]) seqs.push((await store.append(entryInput(n))).seq);
      await tamper(`update audit_entries set details = '{"status": "closed", "n": 2}' where seq = $1`, [seqs[1]]);
      expect(await store.verifyChain()).toEqual({
        ok: false,
        firstTamperedSeq: seqs[1],
        reason: expect.stringMatching(/hash does not match its contents/),
        entriesBefore: 1,
      });
    });

    test('an entry altered with its hash recomputed breaks the link of the next one', async () => {
      const seqs = [];
      for (const n of [1, 2, 3]) seqs.push((await store.append(entryInput(n))).seq);
      const [first] = await store.caseEntries('case-1');
      const forged = entryHash(first!.hash, entryInput(2, { actorId: 'someone-else' }));
      await tamper(`update audit_entries set actor_id = 'someone-else', hash = $1 where seq = $2`, [forged, seqs[1]]);
      expect(await store.verifyChain()).toMatchObject({
        ok: false,
        firstTamperedSeq: seqs[2],
        reason: expect.stringMatching(new RegExp(`prev_hash does not match the hash of the entry before it \\(seq ${seqs[1]}\\)`)),
      });
    });

    test('a removed entry is reported at the entry after it; a removed first entry too', async () => {
      const seqs = [];
      for (const n of [1, 2, 3]) seqs.push((await store.append(entryInput(n))).seq);
      await tamper('delete from audit_entries where seq = $1', [seqs[1]]);
      expect(await store.verifyChain()).toMatchObject({ ok: false, firstTamperedSeq: seqs[2] });
      await tamper('delete from audit_entries where seq = $1', [seqs[0]]);
      expect(await store.verifyChain()).toMatchObject({
        ok: false,
        firstTamperedSeq: seqs[2],
        reason: expect.stringMatching(/genesis/),
      });
    });

    test('concurrent appends keep one linear chain', async () => {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(entryInput(i + 1, { caseId: `case-${i % 3}` }))));
      expect(results.every((r) => r.outcome === 'appended')).toBe(true);
      expect(new Set(results.map((r) => r.seq)).size).toBe(30);
      expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 30 });
    });

    test('an entry the database cannot store is refused before writing', async () => {
      await expect(store.append(entryInput(1, { details: { note: 'a\u0000b' } }))).rejects.toThrow(/NUL/);
      await expect(store.append(entryInput(2, { at: '2025-03-01T09:00:00' }))).rejects.toThrow(/time zone offset/);
      await expect(store.append(entryInput(3, { access: 'delete' as never }))).rejects.toThrow(/access/);
      expect((await store.stats()).entries).toBe(0);
    });
  });
}
