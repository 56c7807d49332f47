/**
 * Compression codecs for every Kafka client of the project (registered once per process by platform/kafka.ts):
 * gzip (kafkajs's own), snappy (kafkajs-snappy), lz4 (lz4-napi, LZ4 frame format as Kafka uses it) and zstd
 * (fzstd, decompression only: Dolbom never produces zstd, it only reads what provider systems send).
 *
 * A batch that cannot be decompressed must not stop a consumer (kafkajs would throw while decoding the fetch,
 * and every partition behind it would stall). Its records are decoded instead as placeholders, one per record
 * of the batch, each marked with this process's UNDECODABLE_MARKER header (a random value no producer can
 * know) and carrying the codec, the compressed size, its SHA-256 and a bounded excerpt; consumers dead-letter
 * them (bridge/provider-response-bridge.ts) and move on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decompress as zstdDecompress } from 'fzstd';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import { compressFrame, decompressFrame } from 'lz4-napi';

/** Header naming an undecodable placeholder; its value is this process's secret marker. */
export const UNDECODABLE_HEADER = 'dolbom-undecodable';
export const UNDECODABLE_MARKER = randomBytes(16).toString('hex');
/** Bytes of the compressed batch kept in the placeholder (and so on the dead-letter topic). */
export const UNDECODABLE_EXCERPT_BYTES = 4096;
/** More records than this in one batch means the count read is not a record count. */
const MAX_PLACEHOLDERS = 100_000;

interface Encoderish {
  buffer: Buffer;
}
interface Codec {
  compress(encoder: Encoderish): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
type CodecFactory = () => Codec;

const lz4: CodecFactory = () => ({
  compress: async (encoder) => compressFrame(encoder.buffer),
  decompress: async (buffer) => decompressFrame(buffer),
});

const zstd: CodecFactory = () => ({
  compress: async () => {
    throw new Error('Dolbom does not produce zstd batches (it reads them); use gzip');
  },
  decompress: async (buffer) => Buffer.from(zstdDecompress(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength))),
});

const gzip: CodecFactory = CompressionCodecs[CompressionTypes.GZIP] as unknown as CodecFactory;

/** What a placeholder says about the batch it stands for. */
export interface UndecodableInfo {
  codec: string;
  compressedBytes: number;
  sha256: string;
  error: string;
}

/** Varint-length-prefixed records as kafkajs's record decoder reads them (protocol/recordBatch/record/v0). */
function encodeRecord(offsetDelta: number, value: Buffer, headers: Record<string, string>): Buffer {
  const varint = (n: number) => {
    let z = (n << 1) ^ (n >> 31); // zigzag
    const out: number[] = [];
    while ((z & ~0x7f) !== 0) {
      out.push((z & 0x7f) | 0x80);
      z >>>= 7;
    }
    out.push(z);
    return Buffer.from(out);
  };
  const bytes = (b: Buffer | null) => (b === null ? varint(-1) : Buffer.concat([varint(b.length), b]));
  const entries = Object.entries(headers);
  const body = Buffer.concat([
    Buffer.from([0]), // attributes
    varint(0), // timestamp delta
    varint(offsetDelta),
    bytes(null), // key
    bytes(value),
    varint(entries.length),
    ...entries.flatMap(([k, v]) => [bytes(Buffer.from(k)), bytes(Buffer.from(v))]),
  ]);
  return Buffer.concat([varint(body.length), body]);
}

/**
 * The records count of the batch being decoded: kafkajs reads it as the int32 right before the compressed
 * bytes it hands to the codec, and passes a slice of the same memory (kafkajs 2.2.4 Decoder.readAll).
 */
function recordCountBefore(buffer: Buffer): number {
  if (buffer.byteOffset < 4) return 1;
  const n = Buffer.from(buffer.buffer, buffer.byteOffset - 4, 4).readInt32BE(0);
  return n > 0 && n <= MAX_PLACEHOLDERS ? n : 1;
}

// kafkajs's own record decoder (pinned 2.2.4), to check decompressed bytes before kafkajs decodes them.
const KafkaDecoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => { readVarIntBytes(): Buffer };
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (d: unknown, ctx: object) => unknown;

function checkRecords(records: Buffer, count: number): void {
  const d = new KafkaDecoder(records);
  for (let i = 0; i < count; i++) decodeRecord(new KafkaDecoder(d.readVarIntBytes()), { firstOffset: '0', firstTimestamp: '0' });
}

/** Placeholder records for a batch that could not be decompressed (exported for tests). */
export function undecodablePlaceholders(buffer: Buffer, codec: string, err: unknown): Buffer {
  const info: UndecodableInfo = {
    codec,
    compressedBytes: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    error: String((err as Error)?.message ?? err).slice(0, 200),
  };
  const excerpt = Buffer.from(buffer.subarray(0, UNDECODABLE_EXCERPT_BYTES));
  const headers = { [UNDECODABLE_HEADER]: UNDECODABLE_MARKER, 'dolbom-undecodable-info': JSON.stringify(info) };
  const count = recordCountBefore(buffer);
  return Buffer.concat(Array.from({ length: count }, (_, i) => encodeRecord(i, excerpt, headers)));
}

const tolerant =
  (name: string, make: CodecFactory): CodecFactory =>
  () => {
    const codec = make();
    return {
      compress: (encoder) => codec.compress(encoder),
      async decompress(buffer) {
        let records: Buffer;
        try {
          records = await codec.decompress(buffer);
          // Bytes that decompress but do not hold the batch's records would throw in kafkajs's decoder next.
          checkRecords(records, recordCountBefore(buffer));
        } catch (err) {
          return undecodablePlaceholders(buffer, name, err);
        }
        return records;
      },
    };
  };

let registered = false;

/** Registers the codecs with kafkajs (process-wide, idempotent). */
export function registerKafkaCodecs(): void {
  if (registered) return;
  registered = true;
  const codecs = CompressionCodecs as unknown as Record<number, CodecFactory>;
  codecs[CompressionTypes.GZIP] = tolerant('gzip', gzip);
  codecs[CompressionTypes.Snappy] = tolerant('snappy', SnappyCodec as unknown as CodecFactory);
  codecs[CompressionTypes.LZ4] = tolerant('lz4', lz4);
  codecs[CompressionTypes.ZSTD] = tolerant('zstd', zstd);
}

/** The placeholder's facts, when a consumed message is one (checked by this process's marker). */
export function undecodableInfo(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): UndecodableInfo | undefined {
  const h = headers?.[UNDECODABLE_HEADER];
  if (h === undefined || Array.isArray(h) || h.toString() !== UNDECODABLE_MARKER) return undefined;
  const info = headers?.['dolbom-undecodable-info'];
  try {
    return JSON.parse(String(info)) as UndecodableInfo;
  } catch {
    return { codec: 'unknown', compressedBytes: 0, sha256: '', error: 'undecodable' };
  }
}
