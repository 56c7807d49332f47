/**
 * Generates the published contract from the event catalogue (events/schemas/registry.ts):
 * - events/asyncapi/asyncapi.json: an AsyncAPI 3.0 document, written from the provider's point of view;
 * - events/json-schemas/<type>.json: a JSON Schema (draft-07) of the full envelope of every event type;
 * - the generated catalogue section of docs/events.md (between the GENERATED markers).
 * All three are checked in.
 *
 *   npx tsx events/asyncapi/generate.ts           # write them
 *   npx tsx events/asyncapi/generate.ts --check   # exit 1 if the checked-in files differ from a fresh generation
 *
 * Output is deterministic (no timestamps), so a diff is always a change of the contract.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CARE_DOMAINS, type CareDomain } from '../../domain/codes';
import { providerTopicSpecs, topicNames, topicSpecs } from '../topics';
import { DEAD_LETTER_REASON_INFO, DEAD_LETTER_REASONS, DeadLetterHeaders, DLQ_HEADERS, MAX_INBOUND_BYTES } from '../schemas/dead-letter';
import { exampleEnvelope, keyOf, type CatalogueEntry, type ChannelId } from '../schemas/define';
import { CONTRACT_VERSION, EVENT_CATALOGUE } from '../schemas/registry';
import { CASE_STATE_HEADERS, REFERRAL_NOTICE_KIND } from '../case-state-message';
import { REFERRAL_STATUS_CHANGED_TYPE } from '../../domain/vocabulary';

export const DEFAULT_PREFIX = 'dolbom.';
export const ROOT = resolve(__dirname, '../..');
export const ASYNCAPI_PATH = 'events/asyncapi/asyncapi.json';
export const JSON_SCHEMA_DIR = 'events/json-schemas';
export const DOCS_PATH = 'docs/events.md';
export const DOCS_BEGIN = '<!-- BEGIN GENERATED CATALOGUE: npx tsx events/asyncapi/generate.ts (do not edit by hand) -->';
export const DOCS_END = '<!-- END GENERATED CATALOGUE -->';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const CE_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';
const KAFKA_BINDING = '0.5.0';

/** `kr.dolbom.referral.requested.v1` -> `referral.requested.v1`: the id of its schema and message components. */
export function shortType(type: string): string {
  return type.replace(/^kr\.dolbom\./, '');
}

function toJsonSchema(schema: z.ZodType): JsonObject {
  const s = z.toJSONSchema(schema, { target: 'draft-7' }) as JsonObject;
  delete s.$schema;
  return s;
}

/** The JSON Schema file of one event type: the full envelope, standalone. */
export function jsonSchemaFor(entry: CatalogueEntry): JsonObject {
  const body = toJsonSchema(entry.envelopeSchema);
  const { title: _title, ...rest } = body;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:dolbom:event:${shortType(entry.type)}`,
    title: entry.type,
    description: `${entry.summary} ${entry.description} Direction: ${entry.direction === 'outbound' ? 'published by Dolbom' : 'published by providers'}. Kafka key: ${entry.key}. The \`data\` property is the schema that \`dataschema\` names.`,
    ...rest,
  };
}

// ---- channels ----

interface ChannelDef {
  id: string;
  address: string;
  channel: ChannelId;
  domain?: CareDomain;
  /** One topic per connected provider: the address has the `{providerId}` parameter. */
  perProvider?: boolean;
  partitions: number;
  title: string;
  description: string;
  audience: 'providers' | 'internal' | 'operators';
}

/** The channel parameter of a connected provider's own topics (events/topics.ts providerRequests, providerReplies). */
export const PROVIDER_ID_PARAMETER = 'providerId';
const PROVIDER_ID_PLACEHOLDER = `{${PROVIDER_ID_PARAMETER}}`;
/** The security scheme of every Kafka connection (infra/kafka/server.properties.template: SASL_SSL only). */
const SECURITY_SCHEME = 'saslScramSha512';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function channelDefs(prefix = DEFAULT_PREFIX): ChannelDef[] {
  const t = topicNames(prefix);
  const partitions = new Map(topicSpecs(prefix).map((s) => [s.name, s.partitions]));
  const p = (name: string) => partitions.get(name) ?? 1;
  const own = new Map(providerTopicSpecs(prefix, PROVIDER_ID_PLACEHOLDER).map((s) => [s.name, s.partitions]));
  const requestsAddress = t.providerRequests(PROVIDER_ID_PLACEHOLDER);
  const repliesAddress = t.providerReplies(PROVIDER_ID_PLACEHOLDER);
  return [
    {
      id: 'providerRequests',
      address: requestsAddress,
      channel: 'referralRequests',
      perProvider: true,
      partitions: own.get(requestsAddress) ?? 1,
      title: 'Your referral requests',
      description:
        'Referrals addressed to you, and notices about them (expired, cancelled, amended), whatever their care domain. The topic is yours alone: only your principal may read it (npm run provider:connect), so every event on it is yours. Keyed by case id.',
      audience: 'providers',
    },
    {
      id: 'providerReplies',
      address: repliesAddress,
      channel: 'providerResponses',
      perProvider: true,
      partitions: own.get(repliesAddress) ?? 1,
      title: 'Your responses',
      description:
        'Your decisions and progress on referrals assigned to you, one CloudEvents type per FHIR Task report. Only your principal may write it, so Dolbom takes the provider from the topic: a message naming another provider is refused (`provider-mismatch`). Keyed by referral id. Refused messages go to the dead-letter topic.',
      audience: 'providers',
    },
    ...CARE_DOMAINS.map((d): ChannelDef => ({
      id: `referralRequests${cap(d)}`,
      address: t.referralRequests(d),
      channel: 'referralRequests',
      domain: d,
      partitions: p(t.referralRequests(d)),
      title: `Referral requests: ${d} (internal)`,
      description: `Referrals for **${d}** services to providers without a system of their own, who answer in the console or the HTTP API; read only by Dolbom's stand-in for them (its provider simulator). Providers are not granted access. Keyed by case id.`,
      audience: 'internal',
    })),
    {
      id: 'providerResponses',
      address: t.providerResponses,
      channel: 'providerResponses',
      partitions: p(t.providerResponses),
      title: 'Provider responses (internal)',
      description:
        "Answers of Dolbom's stand-in for providers without a system of their own (its provider simulator). Providers are not granted access: a connected provider answers on its own responses topic. Keyed by referral id.",
      audience: 'internal',
    },
    {
      id: 'caseEvents',
      address: t.caseEvents,
      channel: 'caseEvents',
      partitions: p(t.caseEvents),
      title: 'Case events (internal)',
      description:
        'Case lifecycle and referral status changes, keyed by case id. Internal: district systems and dashboards. Providers are not granted access.',
      audience: 'internal',
    },
    {
      id: 'caseState',
      address: t.caseState,
      channel: 'caseState',
      partitions: p(t.caseState),
      title: 'Case state (internal)',
      description:
        "Each case's whole state each time it changes, and each notice a referral sends its case, encrypted with the workflow payload codec: the API's read model (api/case-read-model.ts). Written by Dolbom's worker, read by its API only; kept an hour. Keyed by case id.",
      audience: 'internal',
    },
    {
      id: 'audit',
      address: t.audit,
      channel: 'audit',
      partitions: p(t.audit),
      title: 'Audit (internal)',
      description:
        'Who did what to which case or referral: feeds the append-only audit store (PIPA access logs, kept at least two years). Internal.',
      audience: 'internal',
    },
    {
      id: 'deadLetter',
      address: t.deadLetter,
      channel: 'deadLetter',
      partitions: p(t.deadLetter),
      title: 'Dead letter (operators)',
      description: `Inbound messages Dolbom refused, byte for byte, with the reason in the \`${DLQ_HEADERS.reason}\` header. Read by Dolbom operators, who tell the provider; providers are not granted access (it holds every provider's refused messages).`,
      audience: 'operators',
    },
  ];
}

// ---- messages ----

function headersSchema(entry: CatalogueEntry): JsonObject {
  const outbound = entry.direction === 'outbound';
  return {
    type: 'object',
    description: outbound
      ? 'CloudEvents Kafka protocol binding headers, set on every message so consumers can route and de-duplicate without parsing the value. They repeat envelope attributes; the envelope is authoritative.'
      : 'CloudEvents Kafka protocol binding headers. Optional; when present they must equal the envelope attributes (otherwise `header-mismatch`).',
    properties: {
      ce_id: { type: 'string', minLength: 1, maxLength: 128, description: 'Equals the envelope `id`.' },
      ce_type: { type: 'string', const: entry.type, description: 'Equals the envelope `type`.' },
      ce_subject: { type: 'string', description: 'Equals the envelope `subject`.' },
      'content-type': outbound
        ? {
            type: 'string',
            const: CE_CONTENT_TYPE,
            description: 'Structured content mode: the value is the whole CloudEvents envelope as JSON.',
          }
        : {
            type: 'string',
            pattern: '^application/cloudevents\\+json',
            description: 'Structured content mode only: `application/cloudevents+json; charset=utf-8`.',
          },
    },
    ...(outbound ? { required: ['ce_id', 'ce_type', 'ce_subject', 'content-type'] } : {}),
  };
}

function keySchema(entry: CatalogueEntry): JsonObject {
  const what: Record<string, string> = {
    'data.caseId': 'The case id (`data.caseId`): all events of one case are in order within the topic.',
    'data.referralId': 'The referral id (`data.referralId`, equal to `subject`): all responses about one referral are in order. Required.',
    subject: 'The self-check workflow id (`subject`).',
  };
  return { type: 'string', description: what[entry.key] ?? entry.key };
}

function messageFor(entry: CatalogueEntry): JsonObject {
  const tags: JsonObject[] = [{ name: entry.direction }];
  if (entry.channel === 'referralRequests' || entry.channel === 'providerResponses') tags.push({ name: 'provider-facing' });
  else tags.push({ name: 'internal' });
  return {
    name: entry.type,
    title: entry.type,
    summary: entry.summary,
    description: entry.description,
    contentType: 'application/cloudevents+json',
    headers: headersSchema(entry),
    payload: { $ref: `#/components/schemas/${shortType(entry.type)}` },
    ...(entry.subject === 'data.referralId'
      ? {
          correlationId: {
            description: "The referral id links a request, its notices and the provider's responses.",
            location: '$message.payload#/subject',
          },
        }
      : {}),
    bindings: { kafka: { key: keySchema(entry), bindingVersion: KAFKA_BINDING } },
    tags,
    examples: entry.examples.map((ex) => {
      const envelope = exampleEnvelope(entry, ex);
      const headers: JsonObject = {
        ce_id: envelope.id,
        ce_type: envelope.type,
        ce_subject: envelope.subject,
        'content-type': CE_CONTENT_TYPE,
      };
      return {
        name: ex.name,
        summary: `${ex.summary} Kafka key: ${keyOf(entry, envelope)}`,
        headers,
        payload: envelope as unknown as Json,
      };
    }),
  };
}

const DEAD_LETTER_MESSAGE_ID = 'deadletter.refused';

function deadLetterMessage(): JsonObject {
  const headers = toJsonSchema(DeadLetterHeaders);
  return {
    name: 'dead-letter',
    title: 'Refused inbound message',
    summary: 'An inbound message Dolbom refused, kept byte for byte, with the reason in headers.',
    description: DEAD_LETTER_REASONS.map(
      (r) => `- \`${r}\` (${DEAD_LETTER_REASON_INFO[r].stage}): ${DEAD_LETTER_REASON_INFO[r].description}`,
    ).join('\n'),
    contentType: 'application/octet-stream',
    headers,
    payload: { description: 'The original message value, unchanged (it may not be JSON at all).' },
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The original message key, unchanged (may be absent).' },
        bindingVersion: KAFKA_BINDING,
      },
    },
    tags: [{ name: 'internal' }],
  };
}

const CASE_STATE_MESSAGE_ID = 'case.state';

function caseStateMessage(): JsonObject {
  const h = CASE_STATE_HEADERS;
  return {
    name: 'case-state',
    title: "A case's state",
    summary: "The case's whole state after a change, encrypted (events/case-state-message.ts).",
    contentType: 'application/octet-stream',
    headers: {
      type: 'object',
      required: [h.run, h.historyLength, h.seq, h.changeType],
      properties: {
        [h.run]: { type: 'string', pattern: '^\\d+$', description: "The case's run (it grows when the case continues as new)." },
        [h.historyLength]: {
          type: 'string',
          pattern: '^\\d+$',
          description: "The run's history length when the state was taken: with the run, which state is newer.",
        },
        [h.seq]: {
          type: 'string',
          pattern: '^\\d+$',
          description: "The length of the case's timeline: an action answered with this `seq` or less is in the state.",
        },
        [h.changeType]: { type: 'string', description: 'The CloudEvents type of the change.' },
      },
    },
    payload: {
      description:
        'A Temporal Payload (protobuf) encrypted by the payload codec (privacy/encryption-codec.ts): only a holder of the keyring reads the state.',
    },
    bindings: { kafka: { key: { type: 'string', description: 'The case id.' }, bindingVersion: KAFKA_BINDING } },
    tags: [{ name: 'internal' }],
  };
}

const REFERRAL_NOTICE_MESSAGE_ID = 'case.referral-notice';

function referralNoticeMessage(): JsonObject {
  const h = CASE_STATE_HEADERS;
  return {
    name: 'referral-notice',
    title: "A referral's notice to its case",
    summary:
      'What a referral told its case when it moved (workflows/case/case-notifications.ts), encrypted; the read model applies it to the case it holds (api/case-read-model.ts).',
    contentType: 'application/octet-stream',
    headers: {
      type: 'object',
      required: [h.kind, h.changeType],
      properties: {
        [h.kind]: { type: 'string', const: REFERRAL_NOTICE_KIND, description: 'Tells a notice from a state (a state has no such header).' },
        [h.changeType]: { type: 'string', const: REFERRAL_STATUS_CHANGED_TYPE, description: 'The CloudEvents type of the change.' },
      },
    },
    payload: {
      description:
        'A Temporal Payload (protobuf) encrypted by the payload codec (privacy/encryption-codec.ts) holding the notice (domain/case/referral-notices.ts `ReferralStatusChanged`).',
    },
    bindings: { kafka: { key: { type: 'string', description: 'The case id.' }, bindingVersion: KAFKA_BINDING } },
    tags: [{ name: 'internal' }],
  };
}

// ---- the document ----

function infoDescription(prefix: string): string {
  const t = topicNames(prefix);
  return [
    "The public Kafka contract of **Dolbom**, the engine of Seoul's dong-centred integrated care (돌봄통합지원법). Providers (health centres, home-medical centres, long-term-care and care agencies, housing-welfare centres) receive referrals and answer them on Kafka. This document is written from the **provider's point of view**: you *receive* referral requests and *send* responses. A developer guide with examples is in `docs/events.md`.",
    '',
    '## Topics',
    `Topic names start with a prefix, \`${prefix}\` by default (configurable per deployment). A connected provider system (npm run provider:connect) authenticates with SASL/SCRAM-SHA-512 over TLS as its own principal, consumes \`${t.providerRequests('<providerId>')}\` and publishes to \`${t.providerReplies('<providerId>')}\`: the messages are those of the channels below, and ACLs let it read and write nothing else (docs/events.md, Connecting). The domain topics (${CARE_DOMAINS.join(', ')}) and \`${t.providerResponses}\` are served by Dolbom's own simulator for providers without a system; the case, audit and dead-letter topics are internal and listed for completeness.`,
    '',
    '## Envelope',
    'Every message value is one CloudEvents 1.0 event in structured JSON mode (`content-type: application/cloudevents+json`), with two extension attributes: `actorrole` and `actorid` (who caused it). `type` ends in the version of the data schema (`.v1`); `dataschema` names it. The Kafka headers `ce_id`, `ce_type`, `ce_subject` repeat the envelope so consumers can route without parsing.',
    '',
    '## Keys and ordering',
    "Outbound events are keyed by **case id**: one case's events on a topic are in order. Ordering across topics is not guaranteed. Provider responses are keyed by **referral id**: send the reports of one referral in the order they happened, on one producer, and wait for the broker's acknowledgement (`acks=all`) before sending the next.",
    '',
    '## Delivery and de-duplication',
    'Delivery is **at least once**, both ways: a message may arrive more than once (a retried step, a restarted worker, a consumer rebalance). Event ids are **deterministic**: the same business step always carries the same `id`, so a duplicate is recognised by id. De-duplicate by `id` (keep ids for at least the life of the referral). Dolbom applies a provider event id once per referral: resending an identical response is harmless, so retry freely (a copy arriving after the referral has finished may be dead-lettered as `referral-closed`, also harmless); a different report must carry a different id.',
    '',
    '## Dead letter',
    `A response Dolbom cannot apply is not retried. It is copied byte for byte to \`${t.deadLetter}\` with the reason in the \`${DLQ_HEADERS.reason}\` header (and \`${DLQ_HEADERS.detail}\`, origin topic, partition and offset), and it changes nothing. Messages over ${MAX_INBOUND_BYTES / 1024} KiB are refused unread. Reasons:`,
    ...DEAD_LETTER_REASONS.map((r) => `- \`${r}\`: ${DEAD_LETTER_REASON_INFO[r].description}`),
    '',
    '## Privacy',
    'Events carry the **minimum data**: pseudonymous ids (case, referral, recipient), codes, the dong and district, quantities and dates. Never a name, resident registration number, phone number, address, birth date or free-text health note; strict schemas refuse unknown fields, and free text is accepted nowhere. Anything more about the person is shared only through the district, as far as your part of the plan needs (PIPA; Act Art. 14).',
    '',
    '## Versioning',
    'A new optional field, a new code in a list, or a new event type is a minor change of this document. A breaking change (a field removed, renamed, made required or retyped) gets a new type (`.v2`) published side by side with the old one for a deprecation period announced here. Consumers ignore event types they do not know.',
  ].join('\n');
}

export function buildAsyncApiDocument(prefix = DEFAULT_PREFIX): JsonObject {
  const channels = channelDefs(prefix);
  const byChannel = (c: ChannelId) => EVENT_CATALOGUE.filter((e) => e.channel === c);

  const channelObjects: JsonObject = {};
  for (const c of channels) {
    const messages: JsonObject = {};
    if (c.channel === 'deadLetter') messages[DEAD_LETTER_MESSAGE_ID] = { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE_ID}` };
    if (c.channel === 'caseState') {
      messages[CASE_STATE_MESSAGE_ID] = { $ref: `#/components/messages/${CASE_STATE_MESSAGE_ID}` };
      messages[REFERRAL_NOTICE_MESSAGE_ID] = { $ref: `#/components/messages/${REFERRAL_NOTICE_MESSAGE_ID}` };
    }
    for (const e of byChannel(c.channel)) messages[shortType(e.type)] = { $ref: `#/components/messages/${shortType(e.type)}` };
    channelObjects[c.id] = {
      address: c.address,
      title: c.title,
      description: c.description,
      ...(c.perProvider
        ? {
            parameters: {
              [PROVIDER_ID_PARAMETER]: {
                description:
                  'Your provider id in the provider directory (e.g. `prv-11110-lt-01`), as `npm run provider:connect -- --provider <id>` connected it.',
                examples: ['prv-11110-lt-01'],
              },
            },
          }
        : {}),
      messages,
      tags: [{ name: c.audience === 'providers' ? 'provider-facing' : 'internal' }],
      // A parameterised channel names no one topic: its topic is its address with your provider id.
      bindings: {
        kafka: { ...(c.perProvider ? {} : { topic: c.address }), partitions: c.partitions, bindingVersion: KAFKA_BINDING },
      },
    };
  }

  const operations: JsonObject = {};
  const groupId = {
    type: 'string',
    pattern: `^provider-${PROVIDER_ID_PLACEHOLDER}`,
    description:
      'Your consumer group: its id starts with `provider-<your provider id>` (the only groups your principal may join); commit offsets only after you have processed an event.',
  };
  const security = [{ $ref: `#/components/securitySchemes/${SECURITY_SCHEME}` }];
  operations.receiveProviderRequests = {
    action: 'receive',
    channel: { $ref: '#/channels/providerRequests' },
    title: 'Receive your referrals',
    summary: 'Receive the referral requests and notices addressed to you, on your own topic.',
    description: 'Every event is yours; de-duplicate by `id`; answer requests on your responses channel before `respondBy`.',
    security,
    messages: byChannel('referralRequests').map((e) => ({ $ref: `#/channels/providerRequests/messages/${shortType(e.type)}` })),
    bindings: { kafka: { groupId, bindingVersion: KAFKA_BINDING } },
    tags: [{ name: 'provider-facing' }],
  };
  operations.sendProviderReplies = {
    action: 'send',
    channel: { $ref: '#/channels/providerReplies' },
    title: 'Send a response',
    summary: 'Report your decision on a referral and its progress, on your own topic.',
    description:
      'Key = referral id; `actorrole` = `provider-system`; `actorid` = `data.providerId` = your provider id (the one in the topic name); a deterministic `id` per report. Use `acks=all` and an idempotent producer.',
    security,
    messages: byChannel('providerResponses').map((e) => ({ $ref: `#/channels/providerReplies/messages/${shortType(e.type)}` })),
    tags: [{ name: 'provider-facing' }],
  };

  const schemas: JsonObject = {};
  const messages: JsonObject = {};
  for (const e of EVENT_CATALOGUE) {
    const { $schema: _s, $id: _i, ...schema } = jsonSchemaFor(e);
    schemas[shortType(e.type)] = schema;
    messages[shortType(e.type)] = messageFor(e);
  }
  messages[DEAD_LETTER_MESSAGE_ID] = deadLetterMessage();
  messages[CASE_STATE_MESSAGE_ID] = caseStateMessage();
  messages[REFERRAL_NOTICE_MESSAGE_ID] = referralNoticeMessage();

  return {
    asyncapi: '3.0.0',
    id: 'urn:dolbom:events',
    info: {
      title: 'Dolbom integrated-care events',
      version: CONTRACT_VERSION,
      description: infoDescription(prefix),
      tags: [
        { name: 'provider-facing', description: 'Part of the contract with provider organisations.' },
        { name: 'internal', description: 'Inside Dolbom and the district; providers have no access.' },
        { name: 'outbound', description: 'Published by Dolbom.' },
        { name: 'inbound', description: 'Published by providers.' },
      ],
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka-secure',
        title: 'Local broker',
        description:
          'The single-node Kafka broker that `npm start` runs on this machine: SASL_SSL only (SCRAM-SHA-512 over TLS, a certificate signed by the local CA, `.data/kafka/security/ca.pem`), ACLs on every topic. Other deployments publish their own bootstrap servers and CA; every provider gets its own credentials from `npm run provider:connect`.',
        security: [{ $ref: `#/components/securitySchemes/${SECURITY_SCHEME}` }],
        bindings: { kafka: { bindingVersion: KAFKA_BINDING } },
      },
    },
    channels: channelObjects,
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'scramSha512',
          description:
            "SASL/SCRAM-SHA-512 over TLS (`security.protocol=SASL_SSL`), as your own principal `provider-<providerId>` with the password `npm run provider:connect` gave you; trust the deployment's CA. No anonymous access: the broker allows nothing no ACL allows.",
        },
      },
    },
  };
}

// ---- docs ----

const mdEscape = (s: string) => s.replace(/\|/g, '\\|');

function typeText(s: JsonObject): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) return 'one of several shapes (see the JSON Schema)';
  const type = s.type as string | undefined;
  if (type === 'string') {
    if (s.format === 'date-time') return 'date-time (RFC 3339, with offset)';
    if (s.format === 'date') return 'date (YYYY-MM-DD)';
    if (typeof s.pattern === 'string') return `string matching \`${s.pattern}\``;
    return 'string';
  }
  if (type === 'integer' || type === 'number') {
    const bounds = [
      s.exclusiveMinimum !== undefined ? `> ${String(s.exclusiveMinimum)}` : s.minimum !== undefined ? `≥ ${String(s.minimum)}` : '',
      s.maximum !== undefined ? `≤ ${String(s.maximum)}` : '',
    ].filter(Boolean);
    return `${type}${bounds.length ? ` (${bounds.join(', ')})` : ''}`;
  }
  if (type === 'array') return `array of ${typeText((s.items ?? {}) as JsonObject)}`;
  return type ?? 'any';
}

function fieldRows(s: JsonObject, prefix = ''): string[] {
  const props = (s.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((s.required ?? []) as string[]);
  const rows: string[] = [];
  for (const [name, p] of Object.entries(props)) {
    const path = `${prefix}${name}`;
    rows.push(
      `| \`${path}\` | ${mdEscape(typeText(p))} | ${required.has(name) ? 'yes' : 'no'} | ${mdEscape(String(p.description ?? ''))} |`,
    );
    if (p.type === 'object' && p.properties) rows.push(...fieldRows(p, `${path}.`));
  }
  return rows;
}

function entrySection(e: CatalogueEntry, withFields: boolean): string[] {
  const envelope = exampleEnvelope(e);
  const data = (jsonSchemaFor(e).properties as Record<string, JsonObject>).data!;
  const out = [`#### \`${e.type}\``, '', `${e.summary} ${e.description}`, '', `Kafka key: ${keySchema(e).description as string}`, ''];
  if (withFields) {
    out.push('| field of `data` | type | required | meaning |', '|---|---|---|---|', ...fieldRows(data), '');
  }
  out.push('```json', JSON.stringify(envelope, null, 2), '```', '');
  return out;
}

export function renderCatalogue(prefix = DEFAULT_PREFIX): string {
  const t = topicNames(prefix);
  const of = (c: ChannelId) => EVENT_CATALOGUE.filter((e) => e.channel === c);
  const lines = [
    DOCS_BEGIN,
    '',
    '### Index',
    '',
    '| type | direction | topic | summary |',
    '|---|---|---|---|',
    ...EVENT_CATALOGUE.map((e) => {
      // Provider-facing events travel on the provider's own topics.
      const topic =
        e.channel === 'referralRequests'
          ? t.providerRequests('<providerId>')
          : e.channel === 'providerResponses'
            ? t.providerReplies('<providerId>')
            : t[e.channel as Exclude<ChannelId, 'referralRequests' | 'providerResponses'>];
      return `| \`${e.type}\` | ${e.direction} | \`${topic}\` | ${mdEscape(e.summary)} |`;
    }),
    '',
    '### What Dolbom sends you',
    '',
    ...of('referralRequests').flatMap((e) => entrySection(e, true)),
    '### What you send',
    '',
    ...of('providerResponses').flatMap((e) => entrySection(e, true)),
    '### Dead-letter reasons',
    '',
    '| reason | decided by | meaning | what to do |',
    '|---|---|---|---|',
    ...DEAD_LETTER_REASONS.map((r) => {
      const i = DEAD_LETTER_REASON_INFO[r];
      return `| \`${r}\` | ${i.stage === 'parse' ? 'parser (the message alone)' : "bridge (the referral's state)"} | ${mdEscape(i.description)} | ${mdEscape(i.remedy)} |`;
    }),
    '',
    '### Internal events (not delivered to providers)',
    '',
    'Listed so the whole contract is in one place; their JSON Schemas are in `events/json-schemas/`.',
    '',
    '<details><summary>Case, audit and system events with examples</summary>',
    '',
    ...[...of('caseEvents'), ...of('audit')].flatMap((e) => entrySection(e, false)),
    '</details>',
    '',
    DOCS_END,
  ];
  return lines.join('\n');
}

/** Replaces the generated section of the guide (the markers must be there). */
export function spliceDocs(current: string, prefix = DEFAULT_PREFIX): string {
  const begin = current.indexOf(DOCS_BEGIN);
  const end = current.indexOf(DOCS_END);
  if (begin < 0 || end < begin) throw new Error(`${DOCS_PATH} has no generated-catalogue markers`);
  return current.slice(0, begin) + renderCatalogue(prefix) + current.slice(end + DOCS_END.length);
}

// ---- files ----

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Every generated file, by path relative to the repository root. */
export function generateArtifacts(root = ROOT): Map<string, string> {
  const files = new Map<string, string>();
  files.set(ASYNCAPI_PATH, json(buildAsyncApiDocument()));
  for (const e of EVENT_CATALOGUE) files.set(`${JSON_SCHEMA_DIR}/${e.type}.json`, json(jsonSchemaFor(e)));
  const docs = join(root, DOCS_PATH);
  if (existsSync(docs)) files.set(DOCS_PATH, spliceDocs(readFileSync(docs, 'utf8')));
  return files;
}

/** Differences between the checked-in files and a fresh generation (empty when up to date). */
export function checkArtifacts(root = ROOT): string[] {
  const problems: string[] = [];
  const files = generateArtifacts(root);
  if (!files.has(DOCS_PATH)) problems.push(`${DOCS_PATH} is missing`);
  for (const [path, content] of files) {
    const full = join(root, path);
    if (!existsSync(full)) problems.push(`${path} is missing`);
    else if (readFileSync(full, 'utf8') !== content) problems.push(`${path} is out of date`);
  }
  const dir = join(root, JSON_SCHEMA_DIR);
  if (existsSync(dir)) {
    for (const f of readdirSync(dir))
      if (!files.has(`${JSON_SCHEMA_DIR}/${f}`)) problems.push(`${JSON_SCHEMA_DIR}/${f} is not in the catalogue (stale)`);
  }
  return problems;
}

export function writeArtifacts(root = ROOT): string[] {
  const files = generateArtifacts(root);
  const dir = join(root, JSON_SCHEMA_DIR);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (!files.has(`${JSON_SCHEMA_DIR}/${f}`)) unlinkSync(join(dir, f));
  const written: string[] = [];
  for (const [path, content] of files) {
    const full = join(root, path);
    if (existsSync(full) && readFileSync(full, 'utf8') === content) continue;
    writeFileSync(full, content);
    written.push(path);
  }
  return written;
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const problems = checkArtifacts();
    if (problems.length > 0) {
      process.stderr.write(
        `The event contract files are not up to date; run npx tsx events/asyncapi/generate.ts\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
      );
      process.exit(1);
    }
    process.stdout.write('event contract files are up to date\n');
  } else {
    const written = writeArtifacts();
    process.stdout.write(written.length > 0 ? `wrote\n${written.map((p) => `  ${p}`).join('\n')}\n` : 'nothing changed\n');
  }
}
