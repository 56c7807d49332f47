/**
 * The listing store on PGlite in memory (on its worker thread, audit/sql.ts `openPglite`), as the audit store's
 * unit tests run (audit/audit-store.test.ts). Each test starts from empty tables. Timestamps are written as ISO
 * UTC with milliseconds, the form the store returns, so a listing compares equal to the pure `caseListing`'s.
 */
import { openPglite } from '../audit/sql';
import type { SqlDb } from '../audit/sql-db';
import { caseListing, type CaseListingRow, type ReferralListingRow } from '../domain/listing/case-listing';
import { migrateListingSchema, prepareListingSchema } from './listing-schema';
import { createListingStore } from './listing-store';
import type { CasePageQuery, CaseQuery, ListingStore, ReferralQuery } from './listing-store.types';

/** 2025-03-<day> <hour>:00 UTC, as the store returns it. */
const t = (day: number, hour = 0) => new Date(Date.UTC(2025, 2, day, hour)).toISOString();

const caseRow = (caseId: string, o: Partial<CaseListingRow> = {}): CaseListingRow => ({
  caseId,
  opened: t(1),
  seq: 1,
  status: 'preSurvey',
  districtCode: '11680',
  dongCode: '11680510',
  assignedCaseworkerId: null,
  overdue: false,
  escalationOpen: false,
  deadline: null,
  ...o,
});

const referralRow = (referralId: string, caseId: string, o: Partial<ReferralListingRow> = {}): ReferralListingRow => ({
  referralId,
  caseId,
  seq: 1,
  status: 'requested',
  providerId: 'prov-1',
  escalated: false,
  respondBy: null,
  serviceCode: 'S01',
  createdAt: t(2),
  ...o,
});

let db: SqlDb;
let store: ListingStore;

beforeAll(async () => {
  db = await openPglite('memory');
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await db.exec('drop table if exists case_listing, referral_listing');
  await prepareListingSchema(db);
  store = createListingStore(db);
});

const ids = (rows: readonly { caseId: string }[]) => rows.map((r) => r.caseId);
const page = (q: CaseQuery & Partial<CasePageQuery> = {}): CasePageQuery => ({ offset: 0, limit: 100, ...q });

describe('schema', () => {
  test('preparing or migrating again changes nothing', async () => {
    await store.apply({ cases: [caseRow('c1')], referrals: [referralRow('r1', 'c1')] });
    await Promise.all([migrateListingSchema(db), migrateListingSchema(db)]);
    await prepareListingSchema(db);
    expect(await store.countCases({})).toBe(1);
    expect(await store.referrals({ providerId: 'prov-1', statuses: ['requested'], offset: 0, limit: 10 })).toHaveLength(1);
  });

  test('with an owner, grants the app role SELECT, INSERT and UPDATE on both tables, and nothing else', async () => {
    await db.exec(`do $$ begin create role listing_app_test; exception when duplicate_object then null; end $$`);
    await prepareListingSchema(db, { db, appRole: 'listing_app_test' });
    for (const table of ['case_listing', 'referral_listing']) {
      const { rows } = await db.query<Record<string, boolean>>(
        `select has_table_privilege('listing_app_test', $1, 'select') as "select",
                has_table_privilege('listing_app_test', $1, 'insert') as "insert",
                has_table_privilege('listing_app_test', $1, 'update') as "update",
                has_table_privilege('listing_app_test', $1, 'delete') as "delete",
                has_table_privilege('listing_app_test', $1, 'truncate') as "truncate"`,
        [table],
      );
      expect(rows[0]).toEqual({ select: true, insert: true, update: true, delete: false, truncate: false });
    }
    await expect(prepareListingSchema(db, { db, appRole: 'app; drop table case_listing' })).rejects.toThrow(/not a plain role name/);
  });
});

describe('apply', () => {
  test('a case row replaces the one held only when newer: a later step, or a later opening whatever its seq', async () => {
    await store.apply({ cases: [caseRow('c1', { seq: 2, status: 'preSurvey' })], referrals: [] });
    await store.apply({ cases: [caseRow('c1', { seq: 1, status: 'awaitingConsent' })], referrals: [] });
    expect(await store.case('c1')).toMatchObject({ seq: 2, status: 'preSurvey' });

    await store.apply({ cases: [caseRow('c1', { seq: 3, status: 'awaitingAssessment', deadline: t(9) })], referrals: [] });
    expect(await store.case('c1')).toMatchObject({ seq: 3, status: 'awaitingAssessment', deadline: t(9) });

    // Opened again: its first step has a lower seq than the old opening's last, and still wins.
    await store.apply({ cases: [caseRow('c1', { opened: t(5), seq: 1, status: 'awaitingConsent' })], referrals: [] });
    expect(await store.case('c1')).toMatchObject({ opened: t(5), seq: 1, status: 'awaitingConsent', deadline: null });
    // The old opening's later steps, delivered late, no longer count.
    await store.apply({ cases: [caseRow('c1', { seq: 4, status: 'closed' })], referrals: [] });
    expect(await store.case('c1')).toMatchObject({ opened: t(5), seq: 1, status: 'awaitingConsent' });
  });

  test('openings compare as instants, not as text: an offset is not a later opening', async () => {
    await store.apply({ cases: [caseRow('c1', { opened: t(1), seq: 2, status: 'preSurvey' })], referrals: [] });
    // 08:00+09:00 is the day before in UTC, though its text sorts after the held one's.
    await store.apply({ cases: [caseRow('c1', { opened: '2025-03-01T08:00:00+09:00', seq: 5, status: 'closed' })], referrals: [] });
    expect(await store.case('c1')).toMatchObject({ opened: t(1), seq: 2, status: 'preSurvey' });
    // The same instant with another offset: the later step wins, and the opening reads back in UTC.
    await store.apply({ cases: [caseRow('c1', { opened: '2025-03-01T09:00:00+09:00', seq: 3, status: 'active' })], referrals: [] });
    expect(await store.case('c1')).toMatchObject({ opened: t(1), seq: 3, status: 'active' });
    // The same within one call.
    await store.apply({
      cases: [
        caseRow('c2', { opened: t(1), seq: 2, status: 'preSurvey' }),
        caseRow('c2', { opened: '2025-03-01T08:00:00+09:00', seq: 5, status: 'closed' }),
      ],
      referrals: [],
    });
    expect(await store.case('c2')).toMatchObject({ opened: t(1), seq: 2, status: 'preSurvey' });
  });

  test('rows repeating an id within one call end as applying them in order would', async () => {
    await store.apply({
      cases: [
        caseRow('c1', { seq: 1, status: 'awaitingConsent' }),
        caseRow('c1', { seq: 3, status: 'awaitingAssessment' }),
        caseRow('c1', { seq: 2, status: 'preSurvey' }),
        caseRow('c2', { seq: 2, status: 'active' }),
        caseRow('c2', { seq: 2, status: 'closed' }), // at the same step: a listing change after it, so it replaces it
      ],
      referrals: [
        referralRow('r1', 'c1', { seq: 1, status: 'requested', createdAt: t(2) }),
        referralRow('r1', 'c1', { seq: 3, status: 'accepted', createdAt: t(4) }),
        referralRow('r1', 'c1', { seq: 2, status: 'received', createdAt: t(3) }),
      ],
    });
    expect(await store.case('c1')).toMatchObject({ seq: 3, status: 'awaitingAssessment' });
    expect(await store.case('c2')).toMatchObject({ seq: 2, status: 'closed' });
    const [r1] = await store.referrals({ providerId: 'prov-1', statuses: ['requested', 'received', 'accepted'], offset: 0, limit: 10 });
    expect(r1).toMatchObject({ seq: 3, status: 'accepted', createdAt: t(2) });
  });

  test('applying the same rows again changes nothing, not even when the row was written', async () => {
    const updates = { cases: [caseRow('c1', { seq: 2 })], referrals: [referralRow('r1', 'c1', { seq: 2 })] };
    await store.apply(updates);
    const before = await db.query<{ updated_at: Date }>('select updated_at from case_listing');
    const listing = await store.case('c1');
    await new Promise((r) => setTimeout(r, 5));
    await store.apply(updates);
    expect((await db.query<{ updated_at: Date }>('select updated_at from case_listing')).rows).toEqual(before.rows);
    expect(await store.case('c1')).toEqual(listing);
    expect(await store.countCases({})).toBe(1);
  });

  test('a referral row replaces the one held only with a later seq, and keeps the first created_at', async () => {
    await store.apply({
      cases: [],
      referrals: [referralRow('r1', 'c1', { seq: 1, status: 'requested', respondBy: t(9), createdAt: t(2) })],
    });
    await store.apply({
      cases: [],
      referrals: [referralRow('r1', 'c1', { seq: 2, status: 'accepted', respondBy: null, providerId: 'prov-1', createdAt: t(6) })],
    });
    await store.apply({ cases: [], referrals: [referralRow('r1', 'c1', { seq: 1, status: 'requested', respondBy: t(9) })] });
    const all = { providerId: 'prov-1', statuses: ['requested', 'accepted'] as const, offset: 0, limit: 10 };
    expect(await store.referrals(all)).toEqual([
      { ...referralRow('r1', 'c1', { seq: 2, status: 'accepted', respondBy: null, createdAt: t(2) }), dongCode: null },
    ]);
  });

  test('an update with no rows sends no query', async () => {
    const sent: string[] = [];
    const spied: SqlDb = {
      ...db,
      query: (sql, params) => {
        sent.push(sql);
        return db.query(sql, params);
      },
      exec: (sql) => {
        sent.push(sql);
        return db.exec(sql);
      },
      transaction: (fn) => {
        sent.push('transaction');
        return db.transaction(fn);
      },
    };
    await createListingStore(spied).apply({ cases: [], referrals: [] });
    expect(sent).toEqual([]);
    await createListingStore(spied).apply({ cases: [caseRow('c1')], referrals: [] });
    expect(sent).toContain('transaction');
  });

  test('a failing row writes none of the batch', async () => {
    await expect(store.apply({ cases: [caseRow('c1'), caseRow('c2', { opened: 'not a time' })], referrals: [] })).rejects.toThrow();
    await expect(store.apply({ cases: [caseRow('c3')], referrals: [referralRow('r1', 'c3', { createdAt: 'never' })] })).rejects.toThrow();
    expect(await store.countCases({})).toBe(0);
  });

  test('more rows than one statement takes are all written', async () => {
    const cases = Array.from({ length: 1203 }, (_, i) => caseRow(`c${i}`, { seq: i }));
    await store.apply({ cases, referrals: cases.map((c) => referralRow(`r-${c.caseId}`, c.caseId)) });
    expect(await store.countCases({})).toBe(1203);
    expect(await store.case('c1202')).toMatchObject({ seq: 1202, openReferrals: 1 });
  });
});

describe('open referrals and next deadline', () => {
  const cases = [
    caseRow('x', { status: 'active', deadline: t(20) }),
    caseRow('y', { status: 'active', deadline: t(9) }),
    caseRow('z', { status: 'closed', deadline: t(4) }),
    caseRow('w', { status: 'planning' }),
    caseRow('v', { status: 'active', deadline: t(30) }),
  ];
  const referrals = [
    referralRow('xa', 'x', { status: 'requested', respondBy: t(12) }),
    referralRow('xb', 'x', { status: 'received', respondBy: t(11) }),
    referralRow('xc', 'x', { status: 'accepted', respondBy: t(5) }), // open, but no decision awaited
    referralRow('xd', 'x', { status: 'completed', respondBy: t(3) }),
    referralRow('xe', 'x', { status: 'requested', respondBy: null }),
    referralRow('xf', 'x', { status: 'cancelled', respondBy: t(2) }),
    referralRow('xg', 'x', { status: 'in-progress' }),
    referralRow('ya', 'y', { status: 'requested', respondBy: t(12) }),
    referralRow('za', 'z', { status: 'requested', respondBy: t(6) }),
    referralRow('va', 'v', { status: 'rejected', respondBy: t(2) }),
    referralRow('vb', 'v', { status: 'entered-in-error', respondBy: t(2) }),
  ];
  const pure = (caseId: string) =>
    caseListing(
      cases.find((c) => c.caseId === caseId)!,
      referrals.filter((r) => r.caseId === caseId),
    );

  beforeEach(async () => {
    await store.apply({ cases, referrals });
  });

  test('are what the pure caseListing makes of the same rows', async () => {
    for (const { caseId } of cases) expect(await store.case(caseId)).toEqual(pure(caseId));
    // The pure rule's own answers, so the two cannot agree by both being wrong.
    const got = Object.fromEntries((await store.cases(page())).map((c) => [c.caseId, [c.openReferrals, c.nextDeadline]]));
    expect(got).toEqual({
      x: [5, t(11)], // xa, xb, xc, xe, xg open; xb's awaited decision the earliest
      y: [1, t(9)], // its own deadline before its referral's
      z: [1, null], // closed: no deadline, though a referral still awaits a decision
      w: [0, null],
      v: [0, t(30)], // terminal referrals neither count nor bring their deadlines
    });
  });

  test('follow a referral row alone, with no case row written', async () => {
    await store.apply({ cases: [], referrals: [referralRow('xb', 'x', { seq: 2, status: 'accepted', respondBy: t(11) })] });
    expect(await store.case('x')).toMatchObject({ openReferrals: 5, nextDeadline: t(12) });
    await store.apply({ cases: [], referrals: [referralRow('xa', 'x', { seq: 2, status: 'rejected', respondBy: t(12) })] });
    expect(await store.case('x')).toMatchObject({ openReferrals: 4, nextDeadline: t(20) });
  });

  test('a case with no row is undefined', async () => {
    expect(await store.case('nobody')).toBeUndefined();
  });
});

describe('case lists', () => {
  // opened on day n for case n: the default order is c6 .. c1.
  const cases = [
    caseRow('c1', { opened: t(1), status: 'preSurvey', assignedCaseworkerId: 'cw-1' }),
    caseRow('c2', { opened: t(2), status: 'active', overdue: true, assignedCaseworkerId: 'cw-2', deadline: t(20) }),
    caseRow('c3', {
      opened: t(3),
      status: 'awaitingConsent',
      dongCode: '11680520',
      escalationOpen: true,
      assignedCaseworkerId: 'cw-1',
      deadline: t(10),
    }),
    caseRow('c4', { opened: t(4), status: 'closed', dongCode: '11680520', overdue: true, deadline: t(5) }),
    caseRow('c5', { opened: t(5), status: 'planning', districtCode: '11110', dongCode: '11110515', assignedCaseworkerId: "cw-'3" }),
    caseRow('c6', { opened: t(6), status: 'active', escalationOpen: true, assignedCaseworkerId: 'cw-2', deadline: t(25) }),
  ];
  const referrals = [
    referralRow('r5', 'c5', { status: 'requested', respondBy: t(8) }),
    referralRow('r6', 'c6', { status: 'received', respondBy: t(15) }),
  ];

  beforeEach(async () => {
    await store.apply({ cases, referrals });
  });

  test.each<[string, CaseQuery, string[]]>([
    ['no filter', {}, ['c6', 'c5', 'c4', 'c3', 'c2', 'c1']],
    ['one dong', { dongs: ['11680510'] }, ['c6', 'c2', 'c1']],
    ['two dongs', { dongs: ['11680510', '11110515'] }, ['c6', 'c5', 'c2', 'c1']],
    ['no dongs', { dongs: [] }, []],
    ['district', { districts: ['11680'] }, ['c6', 'c4', 'c3', 'c2', 'c1']],
    ['status', { status: 'active' }, ['c6', 'c2']],
    ['not status', { notStatus: 'closed' }, ['c6', 'c5', 'c3', 'c2', 'c1']],
    ['overdue', { overdue: true }, ['c4', 'c2']],
    ['not overdue', { overdue: false }, ['c6', 'c5', 'c3', 'c1']],
    ['escalation open', { escalationOpen: true }, ['c6', 'c3']],
    ['no escalation open', { escalationOpen: false }, ['c5', 'c4', 'c2', 'c1']],
    ['caseworker', { assignedCaseworkerId: 'cw-1' }, ['c3', 'c1']],
    ['caseworker id with a quote', { assignedCaseworkerId: "cw-'3" }, ['c5']],
    // c6 by its referral's awaited decision (inclusive), c5 by its referral's, c3 by its own; c4 is closed.
    ['due by', { dueBy: t(15) }, ['c6', 'c5', 'c3']],
    ['due by, an instant earlier', { dueBy: new Date(Date.parse(t(15)) - 1).toISOString() }, ['c5', 'c3']],
    ['every filter together', { districts: ['11680'], notStatus: 'closed', overdue: true, dongs: ['11680510'] }, ['c2']],
  ])('%s: the cases and their count', async (_, q, expected) => {
    expect(ids(await store.cases(page(q)))).toEqual(expected);
    expect(await store.countCases(q)).toBe(expected.length);
  });

  test('sorted by due: earliest next deadline first, none last, then newest opened', async () => {
    // c5 by r5 (day 8), c3 its own (10), c6 by r6 (15), c2 its own (20); c4 closed and c1 without, newest first.
    expect(ids(await store.cases(page({ sort: 'due' })))).toEqual(['c5', 'c3', 'c6', 'c2', 'c4', 'c1']);
  });

  test("sorted by status: the lifecycle's order, then newest opened", async () => {
    expect(ids(await store.cases(page({ sort: 'status' })))).toEqual(['c3', 'c1', 'c5', 'c6', 'c2', 'c4']);
  });

  test('sorted by opening explicitly is the default order', async () => {
    expect(ids(await store.cases(page({ sort: 'opened' })))).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
  });

  test('offset and limit page every order, with a filter too', async () => {
    expect(ids(await store.cases(page({ offset: 2, limit: 2 })))).toEqual(['c4', 'c3']);
    expect(ids(await store.cases(page({ offset: 5, limit: 10 })))).toEqual(['c1']);
    expect(ids(await store.cases(page({ offset: 6, limit: 10 })))).toEqual([]);
    expect(ids(await store.cases(page({ sort: 'due', offset: 3, limit: 2 })))).toEqual(['c2', 'c4']);
    expect(ids(await store.cases(page({ sort: 'status', offset: 1, limit: 3 })))).toEqual(['c1', 'c5', 'c6']);
    expect(ids(await store.cases(page({ notStatus: 'closed', sort: 'due', offset: 1, limit: 2 })))).toEqual(['c3', 'c6']);
  });

  test('a listing has every field, typed as its interface says', async () => {
    const [c6] = await store.cases(page({ limit: 1 }));
    expect(c6).toEqual({ ...cases[5], openReferrals: 1, nextDeadline: t(15) });
  });

  test('dong counts: open cases of the district by dong, overdue and escalated among them', async () => {
    await store.apply({
      cases: [caseRow('c7', { opened: t(7), status: 'preSurvey', dongCode: '11680520', overdue: true, escalationOpen: true })],
      referrals: [],
    });
    expect(await store.dongCounts('11680')).toEqual([
      { dongCode: '11680510', open: 3, overdue: 1, escalated: 1 }, // c1, c2 (overdue), c6 (escalated)
      { dongCode: '11680520', open: 2, overdue: 1, escalated: 2 }, // c3 (escalated), c7 (both); c4 closed
    ]);
    expect(await store.dongCounts('11110')).toEqual([{ dongCode: '11110515', open: 1, overdue: 0, escalated: 0 }]);
    expect(await store.dongCounts('99999')).toEqual([]);
  });
});

describe('provider referral lists', () => {
  const referrals = [
    referralRow('r1', 'c1', { status: 'requested', respondBy: t(8), createdAt: t(5, 1) }),
    referralRow('r2', 'c2', { status: 'received', respondBy: t(15), createdAt: t(6, 1) }),
    referralRow('r3', 'c2', { status: 'accepted', respondBy: t(12), createdAt: t(7) }),
    referralRow('r5', 'c-missing', { status: 'requested', respondBy: t(20), createdAt: t(7) }),
    referralRow('r6', 'c1', { status: 'completed', respondBy: null, createdAt: t(8) }),
    referralRow('r4', 'c2', { status: 'requested', respondBy: t(9), createdAt: t(9), providerId: 'prov-2' }),
    referralRow('r7', 'c1', { status: 'requested', respondBy: t(9), createdAt: t(9), providerId: null, escalated: true }),
  ];
  const ALL = ['requested', 'received', 'accepted', 'completed'] as const;
  const q = (o: Partial<ReferralQuery> = {}): ReferralQuery => ({ providerId: 'prov-1', statuses: ALL, offset: 0, limit: 100, ...o });
  const refIds = (rows: readonly { referralId: string }[]) => rows.map((r) => r.referralId);

  beforeEach(async () => {
    await store.apply({
      cases: [caseRow('c1', { dongCode: '11680510' }), caseRow('c2', { dongCode: '11680520' })],
      referrals,
    });
  });

  test("the provider's referrals in the statuses asked, newest first, ties by id", async () => {
    expect(refIds(await store.referrals(q()))).toEqual(['r6', 'r3', 'r5', 'r2', 'r1']);
    expect(refIds(await store.referrals(q({ statuses: ['requested', 'received'] })))).toEqual(['r5', 'r2', 'r1']);
    expect(refIds(await store.referrals(q({ statuses: [] })))).toEqual([]);
    expect(refIds(await store.referrals(q({ providerId: 'prov-2' })))).toEqual(['r4']);
  });

  test('the respond window: after is exclusive, by inclusive, no respondBy outside any window', async () => {
    expect(refIds(await store.referrals(q({ respondAfter: t(8), respondBy: t(15) })))).toEqual(['r3', 'r2']);
    expect(refIds(await store.referrals(q({ respondBy: t(12) })))).toEqual(['r3', 'r1']);
    expect(refIds(await store.referrals(q({ respondAfter: t(12) })))).toEqual(['r5', 'r2']);
  });

  test("each with its case's dong, or null when the case has no row", async () => {
    const got = await store.referrals(q());
    expect(Object.fromEntries(got.map((r) => [r.referralId, r.dongCode]))).toEqual({
      r6: '11680510',
      r3: '11680520',
      r5: null,
      r2: '11680520',
      r1: '11680510',
    });
    expect(got.find((r) => r.referralId === 'r1')).toEqual({ ...referrals[0], dongCode: '11680510' });
  });

  test('offset and limit page the list', async () => {
    expect(refIds(await store.referrals(q({ offset: 1, limit: 2 })))).toEqual(['r3', 'r5']);
    expect(refIds(await store.referrals(q({ offset: 4, limit: 2 })))).toEqual(['r1']);
  });
});
