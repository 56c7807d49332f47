import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { createEncryptionCodec, dataConverterWith, ENCODING_ENCRYPTED, METADATA_ENCRYPTION_KEY_ID } from './encryption-codec';
import type { Keyring } from './keyring';

const person = { personal: { name: '홍길순', rrn: '480312-2123456', healthNotes: '당뇨, 고혈압' } };
const keyring = (active: string, ...ids: string[]): Keyring => ({
  activeKeyId: active,
  keys: new Map(ids.map((id) => [id, randomBytes(32)])),
});
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const toPayload = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);
const fromPayload = (p: Payload): unknown => defaultPayloadConverter.fromPayload(p);

describe('encryption codec', () => {
  it('round-trips payloads, metadata included', async () => {
    const codec = createEncryptionCodec(keyring('k1', 'k1'));
    const original = [toPayload(person), toPayload('plain string'), toPayload(undefined)];
    const decoded = await codec.decode(await codec.encode(original));
    expect(decoded.map(fromPayload)).toEqual([person, 'plain string', undefined]);
    expect(decoded.map((p) => text(p.metadata?.encoding))).toEqual(original.map((p) => text(p.metadata?.encoding)));
  });

  it('leaves no plaintext in the encoded payload and names only the encoding and key id', async () => {
    const codec = createEncryptionCodec(keyring('k1', 'k1'));
    const [encoded] = await codec.encode([toPayload(person)]);
    const bytes = Buffer.concat([
      encoded!.data!,
      ...Object.entries(encoded!.metadata!).flatMap(([k, v]) => [Buffer.from(k), Buffer.from(v!)]),
    ]);
    for (const secret of ['홍길순', '480312', '2123456', '당뇨', 'personal', 'json/plain']) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }
    expect(Object.keys(encoded!.metadata!).sort()).toEqual(['encoding', METADATA_ENCRYPTION_KEY_ID]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCODING_ENCRYPTED);
    expect(text(encoded!.metadata![METADATA_ENCRYPTION_KEY_ID])).toBe('k1');
  });

  it('uses a fresh IV per payload', async () => {
    const codec = createEncryptionCodec(keyring('k1', 'k1'));
    const [a, b] = await codec.encode([toPayload(person), toPayload(person)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a payload with any byte flipped, naming the key id and not the data', async () => {
    const codec = createEncryptionCodec(keyring('k1', 'k1'));
    const [encoded] = await codec.encode([toPayload(person)]);
    const length = encoded!.data!.length;
    for (const at of [0, 12, Math.floor(length / 2), length - 1]) {
      const data = Buffer.from(encoded!.data!);
      data[at] = data[at]! ^ 0x01;
      const attempt = codec.decode([{ ...encoded!, data }]);
      await expect(attempt).rejects.toThrow(/key "k1": authentication failed/);
    }
    await expect(codec.decode([{ ...encoded!, data: Buffer.from(encoded!.data!).subarray(0, 20) }])).rejects.toThrow(/key "k1".*too short/);
  });

  it('refuses a payload whose key id was swapped for another known key', async () => {
    const ring = keyring('k1', 'k1', 'k2');
    const codec = createEncryptionCodec(ring);
    const [encoded] = await codec.encode([toPayload(person)]);
    const swapped = { ...encoded!, metadata: { ...encoded!.metadata, [METADATA_ENCRYPTION_KEY_ID]: Buffer.from('k2') } };
    await expect(codec.decode([swapped])).rejects.toThrow(/key "k2": authentication failed/);
  });

  it('names an unknown key id, never the payload', async () => {
    const [encoded] = await createEncryptionCodec(keyring('retired-2023', 'retired-2023')).encode([toPayload(person)]);
    const error = await createEncryptionCodec(keyring('k1', 'k1'))
      .decode([encoded!])
      .then(
        () => new Error('expected decode to fail'),
        (e: unknown) => e as Error,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/encryption key "retired-2023" is not in the keyring \(known: k1\)/);
    expect(error.message).not.toMatch(/홍길순|480312/);
  });

  it('keeps decoding old payloads after a rotation, and encrypts new ones with the new key', async () => {
    const k1 = randomBytes(32);
    const before = createEncryptionCodec({ activeKeyId: 'k1', keys: new Map([['k1', k1]]) });
    const old = await before.encode([toPayload(person)]);

    const after = createEncryptionCodec({
      activeKeyId: 'k2',
      keys: new Map([
        ['k1', k1],
        ['k2', randomBytes(32)],
      ]),
    });
    const fresh = await after.encode([toPayload({ again: person })]);

    expect(text(fresh[0]!.metadata![METADATA_ENCRYPTION_KEY_ID])).toBe('k2');
    expect((await after.decode(old)).map(fromPayload)).toEqual([person]);
    expect((await after.decode(fresh)).map(fromPayload)).toEqual([{ again: person }]);
    await expect(before.decode(fresh)).rejects.toThrow(/"k2" is not in the keyring/);
  });

  it('passes unencrypted payloads through on decode (written before encryption was on)', async () => {
    const codec = createEncryptionCodec(keyring('k1', 'k1'));
    const plain = toPayload({ legacy: true });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('rejects a keyring whose active key is missing or of the wrong size', () => {
    expect(() => createEncryptionCodec({ activeKeyId: 'k9', keys: new Map([['k1', randomBytes(32)]]) })).toThrow(
      /active encryption key "k9"/,
    );
    expect(() => createEncryptionCodec({ activeKeyId: 'k1', keys: new Map([['k1', randomBytes(16)]]) })).toThrow(/"k1" must be 32 bytes/);
  });

  it('builds a data converter with the codec', () => {
    const codec = createEncryptionCodec(keyring('k1', 'k1'));
    expect(dataConverterWith(codec)).toEqual({ payloadCodecs: [codec], failureConverterPath: require.resolve('./failure-converter') });
  });
});
