/**
 * Deterministic event ids: the same business step always yields the same id, so a retried activity or a
 * restarted worker republishes an identical event that consumers de-duplicate. RFC 4122 version-5 layout
 * over SHA-1 of a fixed namespace and the step's key.
 */
import { createHash } from 'node:crypto';

const NAMESPACE = 'dolbom-events-v1';

export function deterministicEventId(key: string): string {
  const h = createHash('sha1').update(`${NAMESPACE}\n${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
