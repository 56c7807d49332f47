/**
 * The hash chain: each entry's hash covers the previous entry's hash and the entry's own fields, so changing,
 * removing or reordering any entry breaks every link after it. `seq` and `recorded_at` are the database's
 * bookkeeping and are not hashed; the order they give is fixed by the prev_hash links.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, isoUtc } from './canonical-json';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditAccess = 'read' | 'write';

/** What a caller records: who read or changed which part of which case, when, and from where. */
export interface AuditEntryInput {
  /** The CloudEvents id of the audit event: a redelivered event has the same id and appends nothing. */
  eventId: string;
  caseId: string;
  /** The record touched: the case itself, a referral, a plan... */
  target: string;
  action: string;
  access: AuditAccess;
  actorRole: string;
  actorId: string;
  /** When it happened, ISO 8601 with an offset (stored and hashed as ISO UTC, millisecond precision). */
  at: string | Date;
  /** The client's IP address, for reads through the API. */
  sourceIp?: string | null;
  /** Minimal, non-personal details (codes, ids, statuses). */
  details: Record<string, unknown>;
}

/** The fields the hash covers, in their one normalised form. */
export function hashedFields(e: AuditEntryInput) {
  return {
    eventId: e.eventId,
    caseId: e.caseId,
    target: e.target,
    action: e.action,
    access: e.access,
    actorRole: e.actorRole,
    actorId: e.actorId,
    at: isoUtc(e.at),
    sourceIp: e.sourceIp ?? null,
    details: e.details,
  };
}

/** sha256(prev_hash + '\n' + canonical JSON of the entry's fields), lowercase hex. */
export function entryHash(prevHash: string, e: AuditEntryInput): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(hashedFields(e))}`)
    .digest('hex');
}
