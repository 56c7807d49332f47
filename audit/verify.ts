/**
 * The whole check of the audit store (`npm run audit:verify`): the hash chain link by link (audit-store.ts), then
 * the store against the newest signed checkpoint (checkpoints.ts), which names what the chain alone cannot show.
 */
import type { AuditStore } from './audit-store';
import { type Checkpoint, type CheckpointRead } from './checkpoints';
import { auditTableExists } from './schema';
import type { SqlExecutor } from './sql-db';

export type AuditVerdict = 'intact' | 'altered' | 'truncated' | 'dropped' | 'rewritten' | 'checkpoints-tampered';

export interface AuditVerification {
  verdict: AuditVerdict;
  /** What was found, in a sentence. */
  detail: string;
  /** The checkpoint compared with, when there was one. */
  checkpoint?: Checkpoint;
  warnings: string[];
}

function newest(reads: CheckpointRead[]): Checkpoint | undefined {
  let best: Checkpoint | undefined;
  for (const r of reads) {
    if (!('checkpoint' in r)) continue;
    if (!best || (r.checkpoint.seq ?? 0) >= (best.seq ?? 0)) best = r.checkpoint;
  }
  return best;
}

export async function verifyAuditStore(db: SqlExecutor, store: AuditStore, checkpoints: CheckpointRead[]): Promise<AuditVerification> {
  const warnings: string[] = [];
  const invalid = checkpoints.filter((r): r is Extract<CheckpointRead, { invalid: string }> => 'invalid' in r);
  const cp = newest(checkpoints);
  const base = { warnings, ...(cp ? { checkpoint: cp } : {}) };
  if (!cp) warnings.push('no signed checkpoint yet: newest entries cut off, or a dropped table, could not be detected');
  const seen = cp ? ` (checkpoint of ${cp.at}: ${cp.entries} entries, head seq ${cp.seq})` : '';

  if (!(await auditTableExists(db))) {
    return { ...base, verdict: 'dropped', detail: `the audit_entries table does not exist${seen}` };
  }
  const chain = await store.verifyChain();
  if (!chain.ok) {
    return { ...base, verdict: 'altered', detail: `chain broken at entry seq ${chain.firstTamperedSeq}: ${chain.reason}` };
  }
  if (invalid.length > 0) {
    return {
      ...base,
      verdict: 'checkpoints-tampered',
      detail: `checkpoint file lines ${invalid.map((r) => r.line).join(', ')} are not validly signed: ${invalid[0]!.invalid}`,
    };
  }
  if (cp && cp.seq !== null) {
    const first = await store.firstEntry();
    if (!first || first.hash !== cp.firstHash) {
      return {
        ...base,
        verdict: 'dropped',
        detail: `the chain does not start with the checkpointed first entry: the table was dropped or emptied and recreated${seen}; it now holds ${chain.entries} entries`,
      };
    }
    const head = await store.entryAt(cp.seq);
    if (!head) {
      return {
        ...base,
        verdict: 'truncated',
        detail: `the checkpointed entry seq ${cp.seq} is gone: the newest entries were cut off; the store ends at seq ${chain.headSeq ?? 'none'}${seen}`,
      };
    }
    if (head.hash !== cp.hash) {
      return {
        ...base,
        verdict: 'rewritten',
        detail: `entry seq ${cp.seq} no longer has the checkpointed hash: the history up to it was rewritten with recomputed hashes${seen}`,
      };
    }
  }
  return { ...base, verdict: 'intact', detail: `${chain.entries} entries, head ${chain.headHash}${seen}` };
}
