/**
 * How one event type is catalogued (its family file defines it with defineEvent) and how an envelope is
 * checked against its entry: the envelope schema, then the cross-field rules JSON Schema cannot say
 * (subject = data.referralId, actorid = data.providerId, ...).
 */
import { z } from 'zod';
import { dataschemaFor, EVENT_SOURCE, type Envelope } from '../envelope';
import { deterministicEventId } from '../event-id';
import type { DeadLetterReason } from './dead-letter';
import { inboundEnvelopeSchema, outboundEnvelopeSchema } from './envelopes';

export type Direction = 'outbound' | 'inbound';
export type ChannelId = 'referralRequests' | 'providerResponses' | 'caseEvents' | 'caseState' | 'audit' | 'deadLetter';
/** Where an envelope value is found: an attribute name, or `data.<field>`. */
export type EnvelopePath = string;

/** Two envelope values that must be equal, and the refusal reason when they are not. */
export interface EventRule {
  left: EnvelopePath;
  right: EnvelopePath;
  reason: Extract<DeadLetterReason, 'schema-violation' | 'actor-mismatch'>;
}

export interface EventExample<D> {
  /** Example name (unique within the type). */
  name: string;
  summary: string;
  actorrole: string;
  actorid: string;
  time: string;
  data: D;
}

export interface CatalogueEntry<D extends z.ZodType = z.ZodType> {
  type: string;
  direction: Direction;
  channel: ChannelId;
  /** One line. */
  summary: string;
  /** When it is sent and what the receiver does with it. */
  description: string;
  dataSchema: D;
  /** The full CloudEvents envelope with this data schema. */
  envelopeSchema: z.ZodType;
  /** What the envelope `subject` is. */
  subject: EnvelopePath;
  /** What the Kafka message key is. */
  key: EnvelopePath;
  rules: readonly EventRule[];
  examples: readonly EventExample<z.input<D>>[];
}

export interface EventDefinition<D extends z.ZodType> {
  type: string;
  direction: Direction;
  channel: ChannelId;
  summary: string;
  description: string;
  dataSchema: D;
  subject: EnvelopePath;
  key: EnvelopePath;
  /** Extra rules beyond `subject` equal to its path (added automatically when `subject` is a data path). */
  rules?: readonly EventRule[];
  examples: readonly EventExample<z.input<D>>[];
}

const SUBJECT_TEXT: Record<string, string> = {
  'data.caseId': 'The case id; equals `data.caseId`.',
  'data.referralId': 'The referral id; equals `data.referralId`.',
  'data.target': 'The case or referral the record is about; equals `data.target`.',
  subject: 'The self-check workflow id.',
};

export function defineEvent<D extends z.ZodType>(def: EventDefinition<D>): CatalogueEntry<D> {
  const data = def.dataSchema;
  const envelopeSchema =
    def.direction === 'inbound'
      ? inboundEnvelopeSchema(def.type, data)
      : outboundEnvelopeSchema(def.type, data, SUBJECT_TEXT[def.subject] ?? 'The subject.');
  const subjectRule: EventRule[] = def.subject.startsWith('data.')
    ? [{ left: 'subject', right: def.subject, reason: 'schema-violation' }]
    : [];
  return { ...def, envelopeSchema, rules: [...subjectRule, ...(def.rules ?? [])] };
}

/** The value at an envelope path (`subject`, `data.providerId`). */
export function valueAt(envelope: unknown, path: EnvelopePath): unknown {
  let v: unknown = envelope;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export type EnvelopeCheck =
  | { ok: true; event: Envelope }
  | { ok: false; reason: Extract<DeadLetterReason, 'schema-violation' | 'actor-mismatch'>; detail: string; issues?: z.core.$ZodIssue[] };

/** Formats zod issues as `path: message; ...` (field paths and rules only, never values). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(envelope)'}: ${i.message}`).join('; ');
}

/** Checks an object against one catalogue entry: actor of inbound events first, then schema, then rules. */
export function checkEnvelope(entry: CatalogueEntry, obj: Record<string, unknown>): EnvelopeCheck {
  if (entry.direction === 'inbound' && obj.actorrole !== 'provider-system') {
    return { ok: false, reason: 'actor-mismatch', detail: 'actorrole: must be provider-system' };
  }
  const parsed = entry.envelopeSchema.safeParse(obj);
  if (!parsed.success)
    return { ok: false, reason: 'schema-violation', detail: formatIssues(parsed.error.issues), issues: parsed.error.issues };
  for (const rule of entry.rules) {
    if (valueAt(parsed.data, rule.left) !== valueAt(parsed.data, rule.right)) {
      return { ok: false, reason: rule.reason, detail: `${rule.left}: must equal ${rule.right}` };
    }
  }
  return { ok: true, event: parsed.data as Envelope };
}

/** A complete example envelope of an entry (deterministic: the same every generation). */
export function exampleEnvelope<D extends z.ZodType>(
  entry: CatalogueEntry<D>,
  example: EventExample<z.input<D>> = entry.examples[0]!,
): Envelope<z.input<D>> {
  const base = {
    specversion: '1.0' as const,
    id: deterministicEventId(`example/${entry.type}/${example.name}`),
    source: entry.direction === 'inbound' ? `urn:dolbom:provider:${example.actorid}` : EVENT_SOURCE,
    type: entry.type,
    subject: '',
    time: example.time,
    datacontenttype: 'application/json' as const,
    dataschema: dataschemaFor(entry.type),
    actorrole: example.actorrole as Envelope['actorrole'],
    actorid: example.actorid,
    data: example.data,
  };
  const subject = entry.subject === 'subject' ? `self-check-${example.name}` : valueAt(base, entry.subject);
  return { ...base, subject: String(subject) };
}

/** The Kafka key of an envelope, by its entry. */
export function keyOf(entry: CatalogueEntry, envelope: Envelope): string {
  return String(valueAt(envelope, entry.key));
}
