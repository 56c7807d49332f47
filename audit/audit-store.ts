/**
 * The append-only, hash-chained audit store: who read or changed which case record, when and from where,
 * kept at least two years (PIPA) and checkable end to end. Appends are serialised by a transaction-scoped
 * advisory lock, so the chain stays one line however many processes write; a redelivered event (same event
 * id) appends nothing. Entries consumed together are appended together (`appendBatch`): one transaction, one
 * lock and one multi-row insert, with the very hashes appending them one by one would give.
 */
import { canonicalJson, isoUtc } from './canonical-json';
import { entryHash, GENESIS_HASH, hashedFields, type AuditAccess, type AuditEntryInput } from './chain';
import type { SqlDb } from './sql-db';

/** A recorded entry: what was appended, normalised, with its place in the chain. */
export interface AuditEntry extends Omit<AuditEntryInput, 'at' | 'sourceIp'> {
  seq: number;
  /** ISO UTC. */
  at: string;
  sourceIp: string | null;
  prevHash: string;
  hash: string;
  /** When the store received it (ISO UTC); not covered by the hash. */
  recordedAt: string;
}

/** `duplicate`: the same event was recorded before. `id-conflict`: a different event reused a recorded id. */
export type AppendOutcome = 'appended' | 'duplicate' | 'id-conflict';

export interface AppendResult {
  outcome: AppendOutcome;
  /** The entry's seq: the new one, or the one already recorded under this event id. */
  seq: number;
  hash: string;
}

/** One read of a case: who, in which role, when, from where, what. */
export interface AccessReportItem {
  seq: number;
  at: string;
  actorId: string;
  actorRole: string;
  sourceIp: string | null;
  target: string;
  action: string;
  details: Record<string, unknown>;
}

export type ChainVerification =
  | { ok: true; entries: number; headSeq: number | null; headHash: string }
  | { ok: false; firstTamperedSeq: number; reason: string; entriesBefore: number };

export interface AuditStats {
  entries: number;
  reads: number;
  writes: number;
  firstAt: string | null;
  lastAt: string | null;
  headSeq: number | null;
  /** The last entry's hash: keep a copy elsewhere now and then, so cutting off the newest entries shows too. */
  headHash: string;
}

/** A place in the chain: an entry's seq and hash. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export interface AuditStore {
  append(entry: AuditEntryInput): Promise<AppendResult>;
  /**
   * Appends entries in order in one transaction, each as `append` would (a later entry reusing an earlier one's
   * id in the same batch is a duplicate or an id conflict of it). The batch ends at the first id conflict: the
   * result has one item per entry up to and including it, so the caller can record the refusal before the
   * entries after it and the chain is the one appending one by one would make. All or nothing: an error
   * appends none of them.
   */
  appendBatch(entries: readonly AuditEntryInput[]): Promise<AppendResult[]>;
  caseEntries(caseId: string): Promise<AuditEntry[]>;
  accessReport(caseId: string): Promise<AccessReportItem[]>;
  /** Checks every link; from a verified point on only, when given (the checkpointer's increments). */
  verifyChain(from?: ChainPoint): Promise<ChainVerification>;
  stats(): Promise<AuditStats>;
  /** The entry with this seq, or undefined. */
  entryAt(seq: number): Promise<AuditEntry | undefined>;
  /** The first entry of the chain, or undefined when it is empty. */
  firstEntry(): Promise<AuditEntry | undefined>;
}

const MAX_ID_LENGTH = 256;
const MAX_IP_LENGTH = 64;
const VERIFY_PAGE_SIZE = 1000;
/** Rows per INSERT statement: 12 parameters each, far below PostgreSQL's 65,535 per statement. */
const INSERT_ROWS_PER_STATEMENT = 500;
const INSERT_COLUMNS = 'event_id, case_id, target, action, access, actor_role, actor_id, at, source_ip, details, prev_hash, hash';
/** The placeholders of one row; the casts as a single-row insert had them. */
const rowPlaceholders = (row: number) => {
  const p = (i: number) => `$${row * 12 + i}`;
  return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::timestamptz, ${p(9)}, ${p(10)}::jsonb, ${p(11)}, ${p(12)})`;
};
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface AuditRow {
  seq: number | string;
  event_id: string;
  case_id: string;
  target: string;
  action: string;
  access: AuditAccess;
  actor_role: string;
  actor_id: string;
  at: Date | string;
  source_ip: string | null;
  details: Record<string, unknown> | string;
  prev_hash: string;
  hash: string;
  recorded_at: Date | string;
}

/**
 * Why an entry cannot be stored, or undefined when it can. These are permanent problems (retrying will not
 * help), so a consumer checks them first and treats the event as malformed.
 */
export function auditEntryProblem(e: AuditEntryInput): string | undefined {
  for (const key of ['eventId', 'caseId', 'target', 'action', 'actorRole', 'actorId'] as const) {
    const v: unknown = e[key];
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH)
      return `${key} must be text of 1 to ${MAX_ID_LENGTH} characters`;
  }
  if (e.access !== 'read' && e.access !== 'write') return `access must be 'read' or 'write'`;
  if (e.sourceIp != null && (typeof e.sourceIp !== 'string' || e.sourceIp.length > MAX_IP_LENGTH)) {
    return `sourceIp must be text of at most ${MAX_IP_LENGTH} characters`;
  }
  if (typeof e.details !== 'object' || e.details === null || Array.isArray(e.details)) return 'details must be a JSON object';
  try {
    isoUtc(e.at);
    canonicalJson(hashedFields(e));
  } catch (err) {
    return (err as Error).message;
  }
  return unstorableText(hashedFields(e));
}

/** PostgreSQL text and jsonb refuse NUL characters and unpaired UTF-16 surrogates. */
function unstorableText(value: unknown, at = 'entry'): string | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${at} contains a NUL character`;
    if (LONE_SURROGATE.test(value)) return `${at} contains an unpaired UTF-16 surrogate`;
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const problem = unstorableText(k, `${at} key`) ?? unstorableText(v, `${at}.${k}`);
    if (problem) return problem;
  }
  return undefined;
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq),
    eventId: r.event_id,
    caseId: r.case_id,
    target: r.target,
    action: r.action,
    access: r.access,
    actorRole: r.actor_role,
    actorId: r.actor_id,
    at: isoUtc(new Date(r.at)),
    sourceIp: r.source_ip,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
    recordedAt: isoUtc(new Date(r.recorded_at)),
  };
}

export function createAuditStore(db: SqlDb): AuditStore {
  const appendBatch: AuditStore['appendBatch'] = async (inputs) => {
    for (const input of inputs) {
      const problem = auditEntryProblem(input);
      if (problem) throw new Error(`audit entry ${String(input.eventId)} cannot be stored: ${problem}`);
    }
    if (inputs.length === 0) return [];
    const batch = inputs.map(hashedFields);
    return db.transaction(async (tx) => {
      // One appender at a time, whatever process it is in: each new entry must link to the latest one.
      await tx.query(`select pg_advisory_xact_lock(hashtext('dolbom.audit.append'))`);
      const existing = await tx.query<AuditRow>('select * from audit_entries where event_id = any($1::text[])', [
        [...new Set(batch.map((f) => f.eventId))],
      ]);
      // What each event id stands for: its canonical fields, and its seq and hash once known.
      const known = new Map<string, { canonical: string; seq?: number; hash: string }>();
      for (const row of existing.rows) {
        const recorded = toEntry(row);
        known.set(recorded.eventId, { canonical: canonicalJson(hashedFields(recorded)), seq: recorded.seq, hash: recorded.hash });
      }
      const last = await tx.query<{ hash: string }>('select hash from audit_entries order by seq desc limit 1');
      let prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
      type Planned = { fields: (typeof batch)[number]; outcome: AppendOutcome; prevHash: string; hash: string };
      const planned: Planned[] = [];
      for (const fields of batch) {
        const seen = known.get(fields.eventId);
        if (seen) {
          const outcome = seen.canonical === canonicalJson(fields) ? 'duplicate' : 'id-conflict';
          planned.push({ fields, outcome, prevHash: '', hash: seen.hash });
          if (outcome === 'id-conflict') break;
          continue;
        }
        const hash = entryHash(prevHash, fields);
        planned.push({ fields, outcome: 'appended', prevHash, hash });
        known.set(fields.eventId, { canonical: canonicalJson(fields), hash });
        prevHash = hash;
      }
      const toInsert = planned.filter((p) => p.outcome === 'appended');
      for (let from = 0; from < toInsert.length; from += INSERT_ROWS_PER_STATEMENT) {
        const rows = toInsert.slice(from, from + INSERT_ROWS_PER_STATEMENT);
        const inserted = await tx.query<{ seq: number | string; event_id: string }>(
          `insert into audit_entries (${INSERT_COLUMNS}) values ${rows.map((_, i) => rowPlaceholders(i)).join(', ')}
           returning seq, event_id`,
          rows.flatMap(({ fields: f, prevHash: prev, hash }) => [
            f.eventId,
            f.caseId,
            f.target,
            f.action,
            f.access,
            f.actorRole,
            f.actorId,
            f.at,
            f.sourceIp,
            canonicalJson(f.details),
            prev,
            hash,
          ]),
        );
        for (const r of inserted.rows) known.get(r.event_id)!.seq = Number(r.seq);
        // The chain is read in seq order: the rows must have taken their seqs in the order they link.
        const seqs = rows.map((r) => known.get(r.fields.eventId)!.seq!);
        if (seqs.some((seq, i) => i > 0 && !(seq > seqs[i - 1]!)))
          throw new Error(`audit entries took seqs out of their chain order (${seqs.join(', ')}); nothing was appended`);
      }
      return planned.map((p) => {
        const k = known.get(p.fields.eventId)!;
        return { outcome: p.outcome, seq: k.seq!, hash: p.outcome === 'appended' ? p.hash : k.hash };
      });
    });
  };

  return {
    append: async (input) => (await appendBatch([input]))[0]!,
    appendBatch,

    async caseEntries(caseId) {
      const { rows } = await db.query<AuditRow>('select * from audit_entries where case_id = $1 order by seq', [caseId]);
      return rows.map(toEntry);
    },

    async accessReport(caseId) {
      const { rows } = await db.query<AuditRow>(`select * from audit_entries where case_id = $1 and access = 'read' order by seq`, [
        caseId,
      ]);
      return rows.map(toEntry).map((e) => ({
        seq: e.seq,
        at: e.at,
        actorId: e.actorId,
        actorRole: e.actorRole,
        sourceIp: e.sourceIp,
        target: e.target,
        action: e.action,
        details: e.details,
      }));
    },

    async verifyChain(from) {
      let prevHash = from?.hash ?? GENESIS_HASH;
      let prevSeq: number | null = from?.seq ?? null;
      let checked = 0;
      for (;;) {
        const { rows } = await db.query<AuditRow>('select * from audit_entries where seq > $1 order by seq limit $2', [
          prevSeq ?? 0,
          VERIFY_PAGE_SIZE,
        ]);
        for (const row of rows) {
          const e = toEntry(row);
          if (e.prevHash !== prevHash) {
            const reason =
              prevSeq === null
                ? 'the first entry does not start from the genesis hash: entries before it were removed'
                : `its prev_hash does not match the hash of the entry before it (seq ${prevSeq}): that entry was altered, or entries between them were removed or inserted`;
            return { ok: false, firstTamperedSeq: e.seq, reason, entriesBefore: checked };
          }
          let recomputed: string;
          try {
            recomputed = entryHash(e.prevHash, e);
          } catch (err) {
            return {
              ok: false,
              firstTamperedSeq: e.seq,
              reason: `its fields cannot be hashed: ${(err as Error).message}`,
              entriesBefore: checked,
            };
          }
          if (recomputed !== e.hash) {
            return {
              ok: false,
              firstTamperedSeq: e.seq,
              reason: 'its hash does not match its contents: the entry was altered after it was recorded',
              entriesBefore: checked,
            };
          }
          prevHash = e.hash;
          prevSeq = e.seq;
          checked++;
        }
        if (rows.length < VERIFY_PAGE_SIZE) return { ok: true, entries: checked, headSeq: prevSeq, headHash: prevHash };
      }
    },

    async entryAt(seq) {
      const { rows } = await db.query<AuditRow>('select * from audit_entries where seq = $1', [seq]);
      return rows[0] ? toEntry(rows[0]) : undefined;
    },

    async firstEntry() {
      const { rows } = await db.query<AuditRow>('select * from audit_entries order by seq limit 1');
      return rows[0] ? toEntry(rows[0]) : undefined;
    },

    async stats() {
      const { rows } = await db.query<{ entries: string | number; reads: string | number; first_at: Date | null; last_at: Date | null }>(
        `select count(*) as entries, count(*) filter (where access = 'read') as reads, min(at) as first_at, max(at) as last_at
           from audit_entries`,
      );
      const head = await db.query<{ seq: string | number; hash: string }>('select seq, hash from audit_entries order by seq desc limit 1');
      const s = rows[0]!;
      const entries = Number(s.entries);
      const reads = Number(s.reads);
      return {
        entries,
        reads,
        writes: entries - reads,
        firstAt: s.first_at ? isoUtc(new Date(s.first_at)) : null,
        lastAt: s.last_at ? isoUtc(new Date(s.last_at)) : null,
        headSeq: head.rows[0] ? Number(head.rows[0].seq) : null,
        headHash: head.rows[0]?.hash ?? GENESIS_HASH,
      };
    },
  };
}
