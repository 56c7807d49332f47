/**
 * The codecs every consumer registers (platform/kafka-codecs.ts), through kafkajs's own record-batch encoder
 * and decoder: compressed batches come back as their records, and a batch that cannot be decompressed comes back
 * as one marked placeholder per record instead of throwing (which would stop the consumer).
 */
import { CompressionTypes } from 'kafkajs';
import { registerKafkaCodecs, undecodableInfo, UNDECODABLE_EXCERPT_BYTES } from './kafka-codecs';

// kafkajs's protocol internals (pinned 2.2.4): the same code a consumer decodes fetched batches with.
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> };
const Long = require('kafkajs/src/utils/long') as { fromValue(v: string): unknown };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{ records: DecodedRecord[] }>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;

interface DecodedRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

registerKafkaCodecs();

const values = ['{"a":1}', '{"b":2}', 'x'.repeat(5000)];

async function encode(compression: number): Promise<Buffer> {
  const records = values.map((v, i) => Record({ offsetDelta: i, key: Buffer.from(`k${i}`), value: Buffer.from(v), headers: { h: 'v' } }));
  const batch = await RecordBatch({ compression, firstOffset: Long.fromValue('100'), lastOffsetDelta: values.length - 1, records });
  return batch.buffer;
}

const decode = async (buffer: Buffer) => (await decodeBatch(new Decoder(buffer))).records;

test.each([
  ['gzip', CompressionTypes.GZIP],
  ['snappy', CompressionTypes.Snappy],
  ['lz4', CompressionTypes.LZ4],
])('a %s batch decodes to its records', async (_name, type) => {
  const records = await decode(await encode(type));
  expect(records.map((r) => r.value?.toString())).toEqual(values);
  expect(records.map((r) => r.offset)).toEqual(['100', '101', '102']);
  expect(records.every((r) => undecodableInfo(r.headers) === undefined)).toBe(true);
});

test.each([
  ['gzip', CompressionTypes.GZIP],
  ['snappy', CompressionTypes.Snappy],
  ['lz4', CompressionTypes.LZ4],
  ['zstd', CompressionTypes.ZSTD],
])('a corrupt %s batch decodes to one marked placeholder per record, with its size and digest', async (name, type) => {
  const batch = await encode(type === CompressionTypes.ZSTD ? CompressionTypes.GZIP : type);
  if (type === CompressionTypes.ZSTD)
    batch.writeInt16BE((batch.readInt16BE(21) & ~0x07) | CompressionTypes.ZSTD, 21); // gzip bytes labelled zstd
  else batch.fill(0x5a, batch.length - 40, batch.length - 8); // garble the compressed bytes
  const records = await decode(batch);
  expect(records).toHaveLength(values.length);
  expect(records.map((r) => r.offset)).toEqual(['100', '101', '102']);
  for (const r of records) {
    const info = undecodableInfo(r.headers);
    expect(info).toMatchObject({ codec: name, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(info!.compressedBytes).toBeGreaterThan(0);
    expect(r.value!.length).toBeLessThanOrEqual(UNDECODABLE_EXCERPT_BYTES);
  }
});

test('a batch whose bytes decompress but hold no records decodes to placeholders too', async () => {
  const batch = await encode(CompressionTypes.GZIP);
  const gzipped = require('node:zlib').gzipSync(Buffer.from('not kafka records at all')) as Buffer;
  const start = 61; // firstOffset 8, length 4, epoch 4, magic 1, crc 4, attributes 2, lastOffsetDelta 4, timestamps 16, producer 8+2, sequence 4, count 4
  const forged = Buffer.concat([batch.subarray(0, start), gzipped]);
  forged.writeInt32BE(forged.length - 12, 8);
  const records = await decode(forged);
  expect(records).toHaveLength(values.length);
  expect(records.every((r) => undecodableInfo(r.headers)?.codec === 'gzip')).toBe(true);
});

test('a producer cannot fake a placeholder: the marker is this process’s secret', () => {
  expect(undecodableInfo({ 'dolbom-undecodable': Buffer.from('guess'), 'dolbom-undecodable-info': Buffer.from('{}') })).toBeUndefined();
  expect(undecodableInfo(undefined)).toBeUndefined();
});
