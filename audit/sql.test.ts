import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeAuditDb, openAuditDb } from './sql';

describe('openAuditDb', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-audit-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('without a database URL, keeps PGlite in <dataDir>/audit, which one process at a time may open', async () => {
    const db = await openAuditDb({ dataDir });
    expect(db.kind).toBe('pglite');
    await db.exec('create table t (v text)');
    await db.query('insert into t values ($1)', ['kept']);
    expect(fs.existsSync(path.join(dataDir, 'audit', 'PG_VERSION'))).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'audit.lock'), 'utf8')).toBe(String(process.pid));
    await expect(openAuditDb({ dataDir })).rejects.toThrow(/already open in process \d+ \(this one\).*DATABASE_URL/s);
    await db.close();
    expect(fs.existsSync(path.join(dataDir, 'audit.lock'))).toBe(false);

    // A lock left by a process that is gone does not keep the store closed.
    fs.writeFileSync(path.join(dataDir, 'audit.lock'), '2147483646');
    const reopened = await openAuditDb({ dataDir });
    expect((await reopened.query<{ v: string }>('select v from t')).rows).toEqual([{ v: 'kept' }]);
    await reopened.close();
  });

  test('describes where the store is without showing a password', () => {
    expect(describeAuditDb({ dataDir: '/d' })).toBe('embedded PGlite in /d/audit');
    expect(describeAuditDb({ dataDir: '/d', databaseUrl: 'postgres://u:secret@h:5433/db' })).toBe('PostgreSQL postgres://u:***@h:5433/db');
  });
});
