/**
 * The event catalogue: every CloudEvents type of the public Kafka contract, its direction (seen from Dolbom),
 * its channel, its data schema and full envelope schema. The AsyncAPI document, the JSON Schemas and the
 * catalogue section of docs/events.md are generated from it (events/asyncapi/generate.ts).
 */
import { AUDIT_EVENTS } from './audit';
import { CASE_LIFECYCLE_EVENTS } from './case-lifecycle';
import { checkEnvelope, type CatalogueEntry, type ChannelId, type Direction } from './define';
import type { DeadLetterReason } from './dead-letter';
import { PROVIDER_RESPONSE_EVENTS } from './provider-responses';
import { REFERRAL_OUTBOUND_EVENTS } from './referral-outbound';
import { SYSTEM_EVENTS } from './system';
import type { Envelope } from '../envelope';

export type { CatalogueEntry, ChannelId, Direction };

/** Version of the contract as a whole (the AsyncAPI info.version): minor for additions, major never (see docs/events.md). */
export const CONTRACT_VERSION = '1.0.0';

export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  ...REFERRAL_OUTBOUND_EVENTS,
  ...PROVIDER_RESPONSE_EVENTS,
  ...CASE_LIFECYCLE_EVENTS,
  ...AUDIT_EVENTS,
  ...SYSTEM_EVENTS,
];

const BY_TYPE: ReadonlyMap<string, CatalogueEntry> = (() => {
  const m = new Map<string, CatalogueEntry>();
  for (const e of EVENT_CATALOGUE) {
    if (m.has(e.type)) throw new Error(`event type ${e.type} is catalogued twice`);
    m.set(e.type, e);
  }
  return m;
})();

export function catalogueEntry(type: string): CatalogueEntry | undefined {
  return BY_TYPE.get(type);
}

export type ValidateEnvelopeResult =
  | { ok: true; event: Envelope; entry: CatalogueEntry }
  | { ok: false; reason: Extract<DeadLetterReason, 'unknown-type' | 'schema-violation' | 'actor-mismatch'>; detail: string };

/**
 * Checks a parsed event (any direction): a known `type`, the envelope and data schema of that type, and the
 * cross-field rules (subject, actor). `direction` restricts the accepted types.
 */
export function validateEnvelope(obj: unknown, options: { direction?: Direction } = {}): ValidateEnvelopeResult {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    return { ok: false, reason: 'schema-violation', detail: '(envelope): expected a JSON object' };
  const envelope = obj as Record<string, unknown>;
  if (typeof envelope.type !== 'string')
    return { ok: false, reason: 'schema-violation', detail: 'type: required string attribute missing' };
  const entry = BY_TYPE.get(envelope.type);
  if (!entry || (options.direction && entry.direction !== options.direction)) {
    return {
      ok: false,
      reason: 'unknown-type',
      detail: `type: not a${options.direction ? `n ${options.direction}` : ''} type of this contract`,
    };
  }
  const checked = checkEnvelope(entry, envelope);
  return checked.ok ? { ok: true, event: checked.event, entry } : { ok: false, reason: checked.reason, detail: checked.detail };
}
