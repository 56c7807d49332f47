/**
 * Encrypts every Temporal payload with AES-256-GCM before it leaves the process, so workflow inputs, results,
 * signals, updates, queries and activity arguments (which carry names, RRNs and health notes) are stored by
 * Temporal only as ciphertext. The whole original payload, metadata included, is the plaintext; the outer
 * payload names only the encoding and the key id, which is also bound to the ciphertext as authenticated data.
 * Wire format of `data`: 12-byte IV | ciphertext | 16-byte GCM tag.
 *
 * The codec endpoint must refuse a payload of another district (issue 14), but it sees payloads only, never the
 * workflow they belong to. So a payload whose JSON value names the case's area (`districtCode`, or `dongCode`,
 * whose first five digits are the district; domain/areas) carries that district in clear in its outer metadata
 * (`dolbom-district`), bound to the ciphertext as authenticated data with the key id: moving a payload to
 * another district's label makes it undecryptable. Payloads without an area carry none (older payloads too).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { KEY_BYTES, type Keyring } from './keyring';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
export const METADATA_DISTRICT = 'dolbom-district';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const text = (b: Uint8Array | null | undefined): string | undefined => (b ? Buffer.from(b).toString('utf8') : undefined);

const DISTRICT = /^11\d{3}$/;
const DONG = /^11\d{6}$/;
const MAX_AREA_SCAN_BYTES = 1024 * 1024;

/** The district a JSON value names, searching a few levels down (a workflow's input, state or update argument). */
function districtIn(value: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof value !== 'object' || value === null) return undefined;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const o = item as Record<string, unknown>;
    if (typeof o.districtCode === 'string' && DISTRICT.test(o.districtCode)) return o.districtCode;
    if (typeof o.dongCode === 'string' && DONG.test(o.dongCode)) return o.dongCode.slice(0, 5);
  }
  for (const item of items) {
    const nested = Array.isArray(item)
      ? districtIn(item, depth + 1)
      : typeof item === 'object' && item !== null
        ? Object.values(item)
            .map((v) => districtIn(v, depth + 1))
            .find(Boolean)
        : undefined;
    if (nested) return nested;
  }
  return undefined;
}

/** The district of a plain JSON payload's value, if it names one. */
export function districtOfPayload(payload: Payload): string | undefined {
  if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== 'json/plain') return undefined;
  const data = payload.data;
  if (!data || data.length > MAX_AREA_SCAN_BYTES) return undefined;
  try {
    return districtIn(JSON.parse(Buffer.from(data).toString('utf8')));
  } catch {
    return undefined;
  }
}

/** The district an encrypted payload is labelled with (see above), or undefined. */
export function payloadDistrict(payload: Payload): string | undefined {
  return text(payload.metadata?.[METADATA_DISTRICT]);
}

const aad = (kid: string, district: string | undefined) => utf8(district === undefined ? kid : `${kid}\n${district}`);

/** Key ids come from stored payloads: quote and shorten them before they go into an error message. */
const quoted = (kid: string): string => JSON.stringify(kid.length > 64 ? `${kid.slice(0, 64)}…` : kid);

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

function checkedKeyring(keyring: Keyring): Keyring {
  for (const [kid, key] of keyring.keys) {
    if (key.length !== KEY_BYTES) throw new Error(`encryption key ${quoted(kid)} must be ${KEY_BYTES} bytes (got ${key.length})`);
  }
  if (!keyring.keys.has(keyring.activeKeyId))
    throw new Error(`the active encryption key ${quoted(keyring.activeKeyId)} is not in the keyring`);
  return { activeKeyId: keyring.activeKeyId, keys: new Map(keyring.keys) };
}

/**
 * A codec over a snapshot of the keyring: encodes with its active key, decodes with whichever key a payload
 * names. Payloads that are not encrypted (written before encryption was turned on) pass through on decode.
 */
export function createEncryptionCodec(keyring: Keyring): PayloadCodec {
  const ring = checkedKeyring(keyring);
  const activeKey = ring.keys.get(ring.activeKeyId)!;

  function encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, activeKey, iv);
    const district = districtOfPayload(payload);
    cipher.setAAD(aad(ring.activeKeyId, district));
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCODING_ENCRYPTED),
        [METADATA_ENCRYPTION_KEY_ID]: utf8(ring.activeKeyId),
        ...(district === undefined ? {} : { [METADATA_DISTRICT]: utf8(district) }),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  function decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING_ENCRYPTED) return payload;
    const kid = text(payload.metadata?.[METADATA_ENCRYPTION_KEY_ID]);
    if (kid === undefined) throw new PayloadDecryptionError(`cannot decrypt payload: it has no ${METADATA_ENCRYPTION_KEY_ID} metadata`);
    const key = ring.keys.get(kid);
    if (!key) {
      throw new PayloadDecryptionError(
        `cannot decrypt payload: encryption key ${quoted(kid)} is not in the keyring (known: ${[...ring.keys.keys()].join(', ')}); ` +
          'add it to DOLBOM_ENCRYPTION_KEYS (old keys must stay listed after a rotation)',
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(
        `cannot decrypt payload with key ${quoted(kid)}: it is too short to be AES-GCM output (altered or truncated)`,
      );
    }
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
      decipher.setAAD(aad(kid, payloadDistrict(payload)));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `cannot decrypt payload with key ${quoted(kid)}: authentication failed (the payload was altered, or the key under this id is not the one that encrypted it)`,
      );
    }
    const inner = temporal.api.common.v1.Payload.decode(plaintext);
    return { metadata: inner.metadata, data: inner.data };
  }

  return {
    async encode(payloads) {
      return payloads.map(encrypt);
    },
    async decode(payloads) {
      return payloads.map(decrypt);
    },
  };
}

/** The failure converter every process and the workflow bundle load (privacy/failure-converter.ts). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** The data converter for every Temporal Client and Worker that handles case data: payloads and failures encrypted. */
export function dataConverterWith(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
