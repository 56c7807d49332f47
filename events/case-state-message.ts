/**
 * One message of the case-state topic (events/topics.ts `caseState`): a case's whole state as the case workflow
 * last had it, or a notice one of its referrals sent it (workflows/case/case-notifications.ts), for the API's read
 * model (api/case-read-model.ts). The state carries personal data, so the value
 * is the state as a Temporal payload, encrypted by the same codec as every workflow payload
 * (privacy/encryption-codec.ts), in the payload's protobuf bytes. What the read model needs before it decrypts
 * (which is newer, whether a write is in it, what kind of change it was) travels in headers, none of it personal.
 */
import { defaultPayloadConverter, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CaseState } from '../domain/case/case-state';
import type { ReferralStatusChanged } from '../domain/case/referral-notices';
import { REFERRAL_STATUS_CHANGED_TYPE } from '../domain/vocabulary';

/**
 * Which of two snapshots of one case id is newer: a later opening (a closed case's id can be opened again, with
 * its runs counted afresh), then a later run, then a later point in the same run's history.
 */
export interface CaseStateVersion {
  /** When the case was opened: its timeline's first entry (workflow time, ISO 8601 UTC, so it sorts as text). */
  opened: string;
  run: number;
  historyLength: number;
}

/** What the case workflow hands over each time its state changed (workflows/case/case-state-sink.ts). */
export interface CaseStateSnapshot {
  version: CaseStateVersion;
  /** The CloudEvents type of the change (the live stream names it: api/case-event-feed.ts). */
  changeType: string;
  state: CaseState;
}

export const CASE_STATE_HEADERS = {
  opened: 'dolbom-opened',
  run: 'dolbom-run',
  historyLength: 'dolbom-history-length',
  /** The length of the case's timeline: a write the API made is in this state when its `seq` is at most this. */
  seq: 'dolbom-seq',
  changeType: 'ce_type',
  /** Set when the state was too large to send: the message says only that the case changed. */
  omitted: 'dolbom-state-omitted',
  /** Set on a referral's notice (its value the notice, not a state); a state has none. */
  kind: 'dolbom-kind',
} as const;

export const REFERRAL_NOTICE_KIND = 'referral-notice';

/** A state larger than this is not sent (the broker's default limit is 1 MiB a message). */
export const MAX_CASE_STATE_BYTES = 512 * 1024;

export interface CaseStateMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** The header fields of a message, read without decrypting its value. */
export interface CaseStateHeaders {
  version: CaseStateVersion;
  seq: number;
  changeType: string;
  /** The value holds no state (too large): readers ask the workflow. */
  omitted: boolean;
}

/** A value as an encrypted Temporal payload, in the payload's protobuf bytes. */
export async function encodeValue(v: unknown, codec: PayloadCodec): Promise<Buffer> {
  const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(v)]);
  return Buffer.from(temporal.api.common.v1.Payload.encode(encrypted!).finish());
}

async function decodeValue<T>(value: Uint8Array, codec: PayloadCodec): Promise<T> {
  const [payload] = await codec.decode([temporal.api.common.v1.Payload.decode(value)]);
  return defaultPayloadConverter.fromPayload<T>(payload!);
}

export async function encodeCaseState(snapshot: CaseStateSnapshot, codec: PayloadCodec): Promise<CaseStateMessage> {
  const value = await encodeValue(snapshot.state, codec);
  const omitted = value.length > MAX_CASE_STATE_BYTES;
  return {
    key: snapshot.state.caseId,
    value: omitted ? Buffer.alloc(0) : value,
    headers: {
      ...(omitted ? { [CASE_STATE_HEADERS.omitted]: 'too-large' } : {}),
      [CASE_STATE_HEADERS.opened]: snapshot.version.opened,
      [CASE_STATE_HEADERS.run]: String(snapshot.version.run),
      [CASE_STATE_HEADERS.historyLength]: String(snapshot.version.historyLength),
      [CASE_STATE_HEADERS.seq]: String(snapshot.state.timeline.length),
      [CASE_STATE_HEADERS.changeType]: snapshot.changeType,
    },
  };
}

type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined;

/** A Kafka header's first value as text. */
const headerText = (headers: MessageHeaders, name: string) => {
  const v = headers?.[name];
  return (Array.isArray(v) ? v[0] : v)?.toString();
};

/** The headers of a case-state message; undefined when one is missing or not a number (not ours: ignored). */
export function caseStateHeaders(headers: MessageHeaders): CaseStateHeaders | undefined {
  const get = (name: string) => headerText(headers, name);
  const num = (name: string) => {
    const n = Number(get(name));
    return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  };
  const run = num(CASE_STATE_HEADERS.run);
  const historyLength = num(CASE_STATE_HEADERS.historyLength);
  const seq = num(CASE_STATE_HEADERS.seq);
  const changeType = get(CASE_STATE_HEADERS.changeType);
  const opened = get(CASE_STATE_HEADERS.opened);
  if (run === undefined || historyLength === undefined || seq === undefined || !changeType || !opened) return undefined;
  return { version: { opened, run, historyLength }, seq, changeType, omitted: get(CASE_STATE_HEADERS.omitted) !== undefined };
}

export async function decodeCaseState(value: Uint8Array, codec: PayloadCodec): Promise<CaseState> {
  return decodeValue<CaseState>(value, codec);
}

/** A referral's notice to its case, encrypted like a state (it names providers and decline reasons). */
export async function encodeReferralNotice(caseId: string, notice: ReferralStatusChanged, codec: PayloadCodec): Promise<CaseStateMessage> {
  return {
    key: caseId,
    value: await encodeValue(notice, codec),
    headers: { [CASE_STATE_HEADERS.kind]: REFERRAL_NOTICE_KIND, [CASE_STATE_HEADERS.changeType]: REFERRAL_STATUS_CHANGED_TYPE },
  };
}

/** Whether a case-state message carries a referral's notice rather than a state. */
export function isReferralNotice(headers: MessageHeaders): boolean {
  return headerText(headers, CASE_STATE_HEADERS.kind) === REFERRAL_NOTICE_KIND;
}

export async function decodeReferralNotice(value: Uint8Array, codec: PayloadCodec): Promise<ReferralStatusChanged> {
  return decodeValue<ReferralStatusChanged>(value, codec);
}

/** Whether `a` is at least as new as `b` (the same version again is the later message of one workflow task). */
export const isAtLeastAsNew = (a: CaseStateVersion, b: CaseStateVersion) =>
  a.opened !== b.opened ? a.opened > b.opened : a.run > b.run || (a.run === b.run && a.historyLength >= b.historyLength);
