/**
 * The dead-letter topic (`<prefix>deadletter`): inbound messages Dolbom refused, kept byte for byte with the
 * reason in headers. Nothing on it is retried automatically; an operator reads it, and the provider is told
 * out of band. A refused message changes nothing in Dolbom.
 *
 * Reasons of stage 'parse' are found by parseProviderResponse (before anything is applied); those of stage
 * 'bridge' by the bridge, from the topic's writer or when the referral's workflow refuses the report.
 */
import { z } from 'zod';
import {
  ERR_ACTION_NOT_ALLOWED,
  ERR_INVALID_INPUT,
  ERR_REFERRAL_CLOSED,
  ERR_REPORT_LIMIT,
  ERR_WRONG_PROVIDER,
} from '../../domain/failures';
import { MAX_CHANGE_REPORTS_PER_REFERRAL, MAX_PROVIDER_REPORTS_PER_REFERRAL } from '../../domain/referral/provider-report';

export const DEAD_LETTER_REASONS = [
  'oversized',
  'invalid-json',
  'schema-violation',
  'unknown-type',
  'actor-mismatch',
  'provider-mismatch',
  'key-mismatch',
  'header-mismatch',
  'unknown-referral',
  'wrong-provider',
  'referral-closed',
  'not-allowed',
  'undecodable',
  'not-a-referral',
  'report-limit',
  'update-refused',
] as const;
export const DeadLetterReason = z.enum(DEAD_LETTER_REASONS);
export type DeadLetterReason = z.infer<typeof DeadLetterReason>;

/** Largest accepted message value, in bytes (UTF-8): the contract's limit. Larger ones are dead-lettered. */
export const MAX_INBOUND_BYTES = 64 * 1024;

/**
 * The inbound topic's `max.message.bytes` (events/topics.ts): a producer sending a larger batch (after its
 * compression) is refused by the broker at once (MESSAGE_TOO_LARGE). It sits well below the dead-letter
 * topic's limit, so anything the broker accepted uncompressed is copied to the dead-letter topic whole.
 */
export const INBOUND_TOPIC_MAX_MESSAGE_BYTES = 512 * 1024;
/** The dead-letter topic's `max.message.bytes`: room for a whole inbound message plus the reason headers. */
export const DEAD_LETTER_TOPIC_MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * Messages up to this size (value and headers) are copied whole. A larger one can only have arrived compressed
 * (a 2 MB body that gzip made small): the dead-letter topic keeps its first DEAD_LETTER_EXCERPT_BYTES, its size
 * and SHA-256, and where it came from.
 */
export const DEAD_LETTER_COPY_LIMIT_BYTES = INBOUND_TOPIC_MAX_MESSAGE_BYTES;
export const DEAD_LETTER_EXCERPT_BYTES = 16 * 1024;

export interface DeadLetterReasonInfo {
  /** Who decides: the parser (message alone) or the bridge (against the referral's current state). */
  stage: 'parse' | 'bridge';
  description: string;
  /** What the provider should do about it. */
  remedy: string;
}

export const DEAD_LETTER_REASON_INFO: Readonly<Record<DeadLetterReason, DeadLetterReasonInfo>> = {
  oversized: {
    stage: 'parse',
    description: `The message value is larger than ${MAX_INBOUND_BYTES} bytes (64 KiB).`,
    remedy: 'Send only the documented fields; a response is well under 2 KiB.',
  },
  'invalid-json': {
    stage: 'parse',
    description: 'The message value is not UTF-8 JSON (or not a JSON object).',
    remedy: 'Send one CloudEvents JSON object per message (structured content mode).',
  },
  'schema-violation': {
    stage: 'parse',
    description:
      'The envelope or its data does not match the schema of its type: a missing or unknown field, a wrong value, a `subject` different from `data.referralId`, a `dataschema` not matching the type.',
    remedy: 'Validate against `events/json-schemas/<type>.json` before sending; the detail header names the fields.',
  },
  'unknown-type': {
    stage: 'parse',
    description: 'The `type` is not an inbound type of this contract (or is a version Dolbom does not accept).',
    remedy: 'Use one of the `kr.dolbom.provider.*.v1` types.',
  },
  'actor-mismatch': {
    stage: 'parse',
    description: '`actorrole` is not `provider-system`, or `actorid` differs from `data.providerId`.',
    remedy: 'Set actorrole to provider-system and actorid to your own provider id.',
  },
  'provider-mismatch': {
    stage: 'bridge',
    description:
      "The message came from a provider's own responses topic (`<prefix>provider.<providerId>.responses`, which only that provider's principal may write) but names another provider in `data.providerId`.",
    remedy: 'Report only on your own referrals, with your own provider id; your principal identifies you.',
  },
  'key-mismatch': {
    stage: 'parse',
    description: 'The Kafka message key is missing or differs from `data.referralId`.',
    remedy: 'Key every response by its referral id (ordering per referral depends on it).',
  },
  'header-mismatch': {
    stage: 'parse',
    description:
      'A CloudEvents Kafka header (`ce_id`, `ce_type`, `ce_subject`) disagrees with the envelope, or `content-type` is not `application/cloudevents+json` (binary content mode is not supported).',
    remedy: 'Copy id, type and subject into the `ce_*` headers, or leave the headers out.',
  },
  'unknown-referral': {
    stage: 'bridge',
    description: 'No referral with this `referralId` exists.',
    remedy: 'Answer only referrals you received in a `kr.dolbom.referral.requested.v1` event.',
  },
  'wrong-provider': {
    stage: 'bridge',
    description: 'The referral is not (or no longer) assigned to this provider, e.g. after it expired and went to another provider.',
    remedy: 'Stop reporting on it; a late decision cannot be applied. Contact the district if the person is already in your care.',
  },
  'referral-closed': {
    stage: 'bridge',
    description: 'The referral is already finished (completed, cancelled, failed, rejected or entered-in-error).',
    remedy: 'Nothing further is accepted on this referral.',
  },
  undecodable: {
    stage: 'parse',
    description:
      "The record batch could not be decompressed (a corrupt or unsupported compressed batch). Each record of the batch is dead-lettered with the compressed bytes' size, SHA-256 and first 4 KiB.",
    remedy: 'Compress with gzip, snappy, lz4 or zstd as your Kafka client does by default (or not at all), and resend.',
  },
  'not-a-referral': {
    stage: 'bridge',
    description: 'The `referralId` names something that is not a referral (for example the case id every request also carries).',
    remedy: 'Report on `data.referralId` of the request, not on `data.caseId`.',
  },
  'update-refused': {
    stage: 'bridge',
    description:
      'Temporal refused the report for a reason other than the ones above; the detail header says which. It will not be retried.',
    remedy: 'Check the detail; contact the district if it names nothing you sent.',
  },
  'report-limit': {
    stage: 'bridge',
    description: `The referral has taken as many reports as one referral takes: ${MAX_CHANGE_REPORTS_PER_REFERRAL} \`changed\` reports, or ${MAX_PROVIDER_REPORTS_PER_REFERRAL} reports of any kind (after which only \`completed\` or \`failed\` is taken).`,
    remedy: 'Report a change once it is settled, not step by step; past the limit, ask the district to re-plan the service line.',
  },
  'not-allowed': {
    stage: 'bridge',
    description:
      "The report is not allowed from the referral's current status (e.g. `started` before `accepted`, or `accepted` twice with different event ids).",
    remedy: 'Follow the allowed transitions in `docs/events.md`; send reports of one referral in order.',
  },
};

/** Header names of a dead-lettered message. The original message's own headers are kept beside them. */
export const DLQ_HEADERS = {
  reason: 'dolbom-dlq-reason',
  detail: 'dolbom-dlq-detail',
  topic: 'dolbom-dlq-topic',
  partition: 'dolbom-dlq-partition',
  offset: 'dolbom-dlq-offset',
  key: 'dolbom-dlq-key',
  at: 'dolbom-dlq-at',
  /** Set when the value is an excerpt: the original value's size in bytes, and its SHA-256 (hex). */
  originalBytes: 'dolbom-dlq-original-bytes',
  originalSha256: 'dolbom-dlq-original-sha256',
} as const;

/** Longest detail text kept; details name fields and rules, never copy values from the payload. */
export const MAX_DETAIL_CHARS = 1024;

export const DeadLetterHeaders = z
  .object({
    [DLQ_HEADERS.reason]: DeadLetterReason.describe('Why the message was refused.'),
    [DLQ_HEADERS.detail]: z
      .string()
      .max(MAX_DETAIL_CHARS)
      .describe('What exactly was wrong (field paths and rules; never payload values).'),
    [DLQ_HEADERS.topic]: z.string().min(1).describe('Topic the message was read from.'),
    [DLQ_HEADERS.partition]: z.string().regex(/^\d+$/).describe('Partition it was read from.'),
    [DLQ_HEADERS.offset]: z.string().regex(/^\d+$/).describe('Offset it was read from.'),
    [DLQ_HEADERS.key]: z.string().optional().describe('Its key, if it had one.'),
    [DLQ_HEADERS.at]: z.iso.datetime({ offset: true }).describe('When it was refused.'),
    [DLQ_HEADERS.originalBytes]: z
      .string()
      .regex(/^\d+$/)
      .optional()
      .describe('Only when the value kept is an excerpt: the size of the original value (or compressed batch), in bytes.'),
    [DLQ_HEADERS.originalSha256]: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe('Only when the value kept is an excerpt: the SHA-256 of the original value (or compressed batch).'),
  })
  .catchall(z.string())
  .describe('Headers of a dead-lettered message; the original headers (ce_*, content-type) follow unchanged.');
export type DeadLetterHeaders = z.infer<typeof DeadLetterHeaders>;

export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
  key?: string | null;
  /** The original message's headers, kept as they were (dolbom-dlq-* ones are replaced). */
  headers?: Record<string, string>;
}

/** Headers for a refused message: its own headers, then the reason and where it came from. */
export function deadLetterHeaders(
  reason: DeadLetterReason,
  detail: string,
  origin: DeadLetterOrigin,
  at: Date | string,
  excerptOf?: { bytes: number; sha256: string },
): Record<string, string> {
  const kept = Object.fromEntries(
    Object.entries(origin.headers ?? {}).filter(([k]) => !k.startsWith('dolbom-dlq-') && !k.startsWith('dolbom-undecodable')),
  );
  return {
    ...kept,
    ...(excerptOf ? { [DLQ_HEADERS.originalBytes]: String(excerptOf.bytes), [DLQ_HEADERS.originalSha256]: excerptOf.sha256 } : {}),
    [DLQ_HEADERS.reason]: reason,
    [DLQ_HEADERS.detail]: truncateDetail(detail),
    [DLQ_HEADERS.topic]: origin.topic,
    [DLQ_HEADERS.partition]: String(origin.partition),
    [DLQ_HEADERS.offset]: origin.offset,
    ...(origin.key != null ? { [DLQ_HEADERS.key]: origin.key } : {}),
    [DLQ_HEADERS.at]: typeof at === 'string' ? at : at.toISOString(),
  };
}

export function truncateDetail(detail: string): string {
  return detail.length <= MAX_DETAIL_CHARS ? detail : `${detail.slice(0, MAX_DETAIL_CHARS - 1)}…`;
}

/**
 * The dead-letter reason for a refusal of the providerReport update, by its ApplicationFailure type; undefined
 * for anything else (a transient failure, which the bridge retries rather than dead-letters). A workflow
 * that does not exist is `unknown-referral` and is told by the client's not-found error, not by a type.
 */
export function deadLetterReasonForFailure(failureType: string | undefined | null): DeadLetterReason | undefined {
  switch (failureType) {
    case ERR_WRONG_PROVIDER:
      return 'wrong-provider';
    case ERR_REFERRAL_CLOSED:
      return 'referral-closed';
    case ERR_ACTION_NOT_ALLOWED:
      return 'not-allowed';
    case ERR_INVALID_INPUT:
      return 'schema-violation';
    case ERR_REPORT_LIMIT:
      return 'report-limit';
    default:
      return undefined;
  }
}
