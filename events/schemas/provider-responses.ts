/**
 * Inbound: what a provider reports about a referral assigned to it, one CloudEvents type per HL7 FHIR Task
 * report, on `<prefix>provider.responses`, keyed by referral id. parseProviderResponse turns the raw Kafka
 * value into the referral workflow's ProviderReportInput, or says why the message goes to the dead-letter
 * topic. It decides from the message alone; whether the referral exists, is assigned to this provider, is
 * still open and allows the report is decided later by the bridge against the workflow.
 */
import { TextDecoder } from 'node:util';
import { z } from 'zod';
import type { ProviderReportFacts } from '../../domain/referral/provider-report';
import { DeclineReason } from '../../domain/codes';
import type { ProviderReport } from '../../domain/referral/referral-lifecycle';
import type { Envelope } from '../envelope';
import { Attempt, Code, IsoDateTime, Period, ProviderId, Quantity, ReferralId } from './common';
import { MAX_INBOUND_BYTES, truncateDetail, type DeadLetterReason } from './dead-letter';
import { checkEnvelope, defineEvent, type CatalogueEntry, type EventExample } from './define';
import { EXAMPLE } from './examples';

export const PROVIDER_RESPONSE_TYPES = {
  received: 'kr.dolbom.provider.received.v1',
  accepted: 'kr.dolbom.provider.accepted.v1',
  rejected: 'kr.dolbom.provider.rejected.v1',
  started: 'kr.dolbom.provider.started.v1',
  onHold: 'kr.dolbom.provider.on-hold.v1',
  changed: 'kr.dolbom.provider.changed.v1',
  completed: 'kr.dolbom.provider.completed.v1',
  failed: 'kr.dolbom.provider.failed.v1',
} as const;
export type ProviderResponseType = (typeof PROVIDER_RESPONSE_TYPES)[keyof typeof PROVIDER_RESPONSE_TYPES];

/** The FHIR Task report each inbound type stands for. */
export const REPORT_BY_TYPE: Readonly<Record<ProviderResponseType, ProviderReport>> = {
  [PROVIDER_RESPONSE_TYPES.received]: 'received',
  [PROVIDER_RESPONSE_TYPES.accepted]: 'accepted',
  [PROVIDER_RESPONSE_TYPES.rejected]: 'rejected',
  [PROVIDER_RESPONSE_TYPES.started]: 'in-progress',
  [PROVIDER_RESPONSE_TYPES.onHold]: 'on-hold',
  [PROVIDER_RESPONSE_TYPES.changed]: 'changed',
  [PROVIDER_RESPONSE_TYPES.completed]: 'completed',
  [PROVIDER_RESPONSE_TYPES.failed]: 'failed',
};

const base = {
  referralId: ReferralId.describe('The referral you are reporting on (from the request).'),
  providerId: ProviderId.describe('Your provider id: the `providerId` of the request. Must equal the envelope `actorid`.'),
  attempt: Attempt.optional().describe(
    'The `attempt` of the request you answer. Recommended: a referral can be offered to you more than once (e.g. after a supervisor retry).',
  ),
  occurredAt: IsoDateTime.describe('When it happened at your organisation (RFC 3339 with offset).'),
};

export const ProviderReceivedV1 = z
  .strictObject(base)
  .describe('You received the request and are considering it (optional; stops nothing, the deadline still runs).');
export const ProviderAcceptedV1 = z.strictObject(base).describe('You accept the referral and will provide the service.');
export const ProviderRejectedV1 = z
  .strictObject({ ...base, declineReason: DeclineReason.describe('Why you decline (coded, required).') })
  .describe('You decline the referral, with a coded reason; Dolbom offers it to another provider.');
export const ProviderStartedV1 = z.strictObject(base).describe('You started providing the service (FHIR Task `in-progress`).');
export const ProviderOnHoldV1 = z
  .strictObject(base)
  .describe('The service is paused (e.g. the person is in hospital); report `started` when it resumes.');
export const ProviderChangedV1 = z
  .strictObject({
    ...base,
    change: z
      .strictObject({
        quantity: Quantity.optional().describe('The quantity now provided, if it changed.'),
        period: Period.optional().describe('The period now planned, if it changed.'),
        code: Code.optional().describe(
          'A coded kind of change, e.g. `scheduleChanged`, `staffChanged`, `frequencyChanged` (a token, never free text).',
        ),
      })
      .optional()
      .describe('What changed, coded. Never free-text health notes.'),
  })
  .describe('Something about an agreed or running service changed (quantity, schedule, staff). The status does not change.');
export const ProviderCompletedV1 = z.strictObject(base).describe('The service was completed as planned.');
export const ProviderFailedV1 = z
  .strictObject({
    ...base,
    failureCode: Code.optional().describe(
      'A coded reason, e.g. `personUnreachable`, `personDeceased`, `personAdmitted` (a token, never free text).',
    ),
  })
  .describe('The service ended without completing.');

export type ProviderResponseData =
  | z.infer<typeof ProviderReceivedV1>
  | z.infer<typeof ProviderAcceptedV1>
  | z.infer<typeof ProviderRejectedV1>
  | z.infer<typeof ProviderStartedV1>
  | z.infer<typeof ProviderOnHoldV1>
  | z.infer<typeof ProviderChangedV1>
  | z.infer<typeof ProviderCompletedV1>
  | z.infer<typeof ProviderFailedV1>;

const REFERRAL = EXAMPLE.referralId;
const PROVIDER = EXAMPLE.providerId;
const at = '2026-04-02T10:15:00+09:00';
const ex = <D>(data: D, name = 'example', summary = 'A typical report.'): EventExample<D>[] => [
  { name, summary, actorrole: 'provider-system', actorid: PROVIDER, time: at, data },
];
const common = { referralId: REFERRAL, providerId: PROVIDER, attempt: 1, occurredAt: at };

const inbound = <D extends z.ZodType>(
  type: ProviderResponseType,
  dataSchema: D,
  summary: string,
  description: string,
  examples: EventExample<z.input<D>>[],
) =>
  defineEvent({
    type,
    direction: 'inbound',
    channel: 'providerResponses',
    summary,
    description,
    dataSchema,
    subject: 'data.referralId',
    key: 'data.referralId',
    rules: [{ left: 'actorid', right: 'data.providerId', reason: 'actor-mismatch' }],
    examples,
  });

const allowed = (from: string) => `Allowed while the referral is ${from}.`;

export const PROVIDER_RESPONSE_EVENTS: readonly CatalogueEntry[] = [
  inbound(
    PROVIDER_RESPONSE_TYPES.received,
    ProviderReceivedV1,
    'You received a request (FHIR Task received).',
    `Optional acknowledgement. ${allowed('requested')}`,
    ex(common),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.accepted,
    ProviderAcceptedV1,
    'You accept a referral (FHIR Task accepted).',
    `Your decision; send it before respondBy. ${allowed('requested or received')}`,
    ex(common),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.rejected,
    ProviderRejectedV1,
    'You decline a referral, with a coded reason (FHIR Task rejected).',
    `Your decision; send it before respondBy. ${allowed('requested or received')} The reason is shown to the caseworker.`,
    ex({ ...common, declineReason: 'atCapacity' as const }),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.started,
    ProviderStartedV1,
    'The service started, or resumed after a hold (FHIR Task in-progress).',
    allowed('accepted or on-hold'),
    ex(common),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.onHold,
    ProviderOnHoldV1,
    'The service is paused (FHIR Task on-hold).',
    allowed('accepted or in-progress'),
    ex(common),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.changed,
    ProviderChangedV1,
    'An agreed or running service changed (quantity, schedule, staff).',
    `${allowed('accepted, in-progress or on-hold')} The referral's status stays as it is; a new quantity or period replaces the old.`,
    ex({ ...common, change: { quantity: { amount: 2, unit: 'visit' as const, per: 'week' as const }, code: 'frequencyChanged' } }),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.completed,
    ProviderCompletedV1,
    'The service was completed (FHIR Task completed).',
    `${allowed('accepted, in-progress or on-hold')} Final.`,
    ex(common),
  ),
  inbound(
    PROVIDER_RESPONSE_TYPES.failed,
    ProviderFailedV1,
    'The service ended without completing (FHIR Task failed).',
    `${allowed('accepted, in-progress or on-hold')} Final.`,
    ex({ ...common, failureCode: 'personUnreachable' }),
  ),
];

const ENTRY_BY_TYPE = new Map(PROVIDER_RESPONSE_EVENTS.map((e) => [e.type, e]));

export type ProviderResponseEvent = Envelope<ProviderResponseData> & { type: ProviderResponseType; actorrole: 'provider-system' };

export type ParseProviderResponseResult =
  { ok: true; event: ProviderResponseEvent; report: ProviderReportFacts } | { ok: false; reason: DeadLetterReason; detail: string };

/** Kafka header values as kafkajs hands them over. */
export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** The Kafka side of the message, when the caller has it: its key and headers are checked too. */
export interface KafkaMessageMeta {
  key?: Buffer | string | null;
  headers?: Record<string, KafkaHeaderValue>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(v: Buffer | string): string {
  return typeof v === 'string' ? v : utf8.decode(v);
}

function headerText(v: KafkaHeaderValue): string | undefined {
  if (v === undefined) return undefined;
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  if (one === undefined) return undefined;
  try {
    return text(one);
  } catch {
    return '\uFFFD';
  }
}

const refuse = (reason: DeadLetterReason, detail: string): ParseProviderResponseResult => ({
  ok: false,
  reason,
  detail: truncateDetail(detail),
});

/**
 * Parses one provider response (the Kafka message value, structured CloudEvents JSON). With `meta`, the key
 * must be the referral id and any ce_* / content-type headers must agree with the envelope.
 */
export function parseProviderResponse(bytes: Buffer | string, meta?: KafkaMessageMeta): ParseProviderResponseResult {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.length;
  if (size > MAX_INBOUND_BYTES) return refuse('oversized', `message value is ${size} bytes; at most ${MAX_INBOUND_BYTES} are accepted`);

  let raw: string;
  try {
    raw = text(bytes);
  } catch {
    return refuse('invalid-json', 'message value is not valid UTF-8');
  }
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (err) {
    return refuse('invalid-json', `message value is not JSON: ${err instanceof SyntaxError ? err.message : 'parse error'}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    return refuse('invalid-json', 'message value must be a JSON object (a CloudEvents envelope)');
  const envelope = obj as Record<string, unknown>;

  if (typeof envelope.type !== 'string') return refuse('schema-violation', 'type: required string attribute missing');
  const entry = ENTRY_BY_TYPE.get(envelope.type);
  if (!entry) {
    const hint = envelope.type.startsWith('kr.dolbom.provider.') ? 'not a version Dolbom accepts' : 'not an inbound provider response type';
    return refuse('unknown-type', `type: ${hint}; expected one of ${[...ENTRY_BY_TYPE.keys()].join(', ')}`);
  }

  const checked = checkEnvelope(entry, envelope);
  if (!checked.ok) return refuse(checked.reason, checked.detail);
  const event = checked.event as ProviderResponseEvent;
  const data = event.data as z.infer<typeof ProviderChangedV1> & Partial<z.infer<typeof ProviderRejectedV1>>;

  if (meta) {
    if ('key' in meta) {
      let key: string | undefined;
      try {
        key = meta.key == null ? undefined : text(meta.key);
      } catch {
        key = undefined;
      }
      if (key !== data.referralId)
        return refuse(
          'key-mismatch',
          key === undefined ? 'message key: missing; must be data.referralId' : 'message key: must equal data.referralId',
        );
    }
    const h = meta.headers ?? {};
    const expected: [string, string][] = [
      ['ce_id', event.id],
      ['ce_type', event.type],
      ['ce_subject', event.subject],
    ];
    for (const [name, value] of expected) {
      const got = headerText(h[name]);
      if (got !== undefined && got !== value)
        return refuse('header-mismatch', `header ${name}: must equal the envelope's ${name.slice(3)}`);
    }
    const contentType = headerText(h['content-type']);
    if (contentType !== undefined && !/^application\/cloudevents\+json\s*(;|$)/i.test(contentType)) {
      return refuse(
        'header-mismatch',
        'header content-type: must be application/cloudevents+json (structured mode); binary content mode is not supported',
      );
    }
  }

  const report = REPORT_BY_TYPE[event.type];
  return {
    ok: true,
    event,
    report: {
      eventId: event.id,
      providerId: data.providerId,
      report,
      ...(data.attempt !== undefined ? { attempt: data.attempt } : {}),
      ...(data.declineReason ? { declineReason: data.declineReason } : {}),
      ...(data.change && Object.keys(data.change).length > 0 ? { change: data.change } : {}),
      occurredAt: data.occurredAt,
    },
  };
}
