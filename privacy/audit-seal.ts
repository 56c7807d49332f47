/**
 * Audit records are sealed by whoever may publish them (the worker's activities, the API's read auditor) and
 * checked by the audit consumer, so a record written to the audit topic by anyone else is refused (issue 14:
 * "audit entries can be forged through Kafka"). The seal is an HMAC-SHA256 of the exact message value, in the
 * Kafka header `dolbom-audit-seal` as `<kid>.<base64url mac>`, with a key derived (HKDF) from the keyring's
 * key of that id: no new secret to distribute, and a rotated keyring still checks old records.
 *
 * Audit event ids are keyed too: `auditEventId(key)` is an HMAC of the step's key, so it is stable across
 * activity retries (the store de-duplicates by id) but cannot be computed from the public events, and nobody can
 * pre-empt a real entry by publishing a record under its id first.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './keyring';

export const AUDIT_SEAL_HEADER = 'dolbom-audit-seal';

const SEAL_INFO = 'dolbom-audit-seal-v1';
const ID_INFO = 'dolbom-audit-event-id-v1';

export interface AuditSealer {
  /** A UUID-shaped id for the audit record of a step: the same key gives the same id, but only with the keyring. */
  eventId(eventKey: string): string;
  /** The header value that seals one message value. */
  seal(value: string): string;
  /** Whether the header seals this value with a key of the keyring; says why not otherwise. */
  check(value: Buffer | string, header: string | undefined): { ok: true } | { ok: false; problem: string };
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}

function uuidShape(h: Buffer): string {
  const b = Buffer.from(h.subarray(0, 16));
  // RFC 9562 version 8 (custom), variant 10: an opaque id in the usual layout.
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function createAuditSealer(keyring: Keyring): AuditSealer {
  const sealKeys = new Map([...keyring.keys].map(([kid, key]) => [kid, derive(key, SEAL_INFO)]));
  const activeSealKey = sealKeys.get(keyring.activeKeyId)!;
  // Ids must not change when the keyring rotates between two attempts of one activity, so the id key comes from
  // the keyring's first key, which rotation keeps (privacy/keyring.ts rotateLocalKeyring adds keys, never drops).
  const idKey = derive([...keyring.keys.values()][0]!, ID_INFO);
  const mac = (key: Buffer, value: Buffer | string) => createHmac('sha256', key).update(value).digest();
  return {
    eventId: (eventKey) => uuidShape(mac(idKey, eventKey)),
    seal: (value) => `${keyring.activeKeyId}.${mac(activeSealKey, value).toString('base64url')}`,
    check(value, header) {
      if (!header) return { ok: false, problem: `no ${AUDIT_SEAL_HEADER} header: not published by Dolbom` };
      const dot = header.lastIndexOf('.');
      const key = sealKeys.get(header.slice(0, dot));
      if (dot < 1 || !key) return { ok: false, problem: `${AUDIT_SEAL_HEADER} names no key of the keyring` };
      const given = Buffer.from(header.slice(dot + 1), 'base64url');
      const expected = mac(key, value);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, problem: `${AUDIT_SEAL_HEADER} does not match the record: forged or altered` };
      }
      return { ok: true };
    },
  };
}
