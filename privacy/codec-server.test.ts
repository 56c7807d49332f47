import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { codecServerRoutes, type CodecAccess, type CodecCaller } from './codec-server';
import { createEncryptionCodec, ENCODING_ENCRYPTED, METADATA_DISTRICT } from './encryption-codec';

const codec = createEncryptionCodec({ activeKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
const person = { personal: { name: '홍길순', rrn: '480312-2123456' } };
const UI = 'http://127.0.0.1:8233';

/** Bearer "good" may decode district 11110 and unlabelled payloads, "viewer" is authenticated without the right. */
const good: CodecCaller = { role: 'supervisor', id: 'sv-1', mayDecode: (d) => d === undefined || d === '11110' };
async function authorize(request: FastifyRequest): Promise<CodecCaller | false> {
  const auth = request.headers.authorization;
  if (auth === 'Bearer good') return good;
  if (auth === 'Bearer viewer') return false;
  throw new Error('no valid token');
}

const asJson = (p: { metadata?: Record<string, Uint8Array | null> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data!).toString('base64'),
});

describe('codec server routes', () => {
  let app: FastifyInstance;
  const audited: CodecAccess[] = [];

  beforeAll(async () => {
    app = Fastify();
    await app.register(codecServerRoutes({ codec, authorize, audit: async (_req, access) => void audited.push(access) }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, body: unknown, authorization?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { origin: UI, 'content-type': 'application/json', 'x-namespace': 'default', ...(authorization ? { authorization } : {}) },
      payload: JSON.stringify(body),
    });

  it('answers 401 problem+json without authorisation, 403 when not allowed, with CORS headers either way', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(person)]);
    const none = await post('/codec/decode', { payloads: [asJson(encoded!)] });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.headers['access-control-allow-origin']).toBe(UI);
    expect(none.json()).toMatchObject({ status: 401, type: 'urn:dolbom:problem:unauthorized' });
    expect(none.body).not.toContain('홍길순');

    const viewer = await post('/codec/encode', { payloads: [] }, 'Bearer viewer');
    expect(viewer.statusCode).toBe(403);
    expect(viewer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('decodes what the codec encoded, in the Web UI JSON shape, and audits the access', async () => {
    audited.length = 0;
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(person)]);
    const plain = defaultPayloadConverter.toPayload('not encrypted');
    const res = await post('/codec/decode', { payloads: [asJson(encoded!), asJson(plain)] }, 'Bearer good');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { payloads } = res.json() as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString('utf8'))).toEqual(person);
    expect(payloads[1]).toEqual(asJson(plain));
    expect(audited).toEqual([{ operation: 'decode', caller: good, namespace: 'default', payloadCount: 2, districts: [], refused: 0 }]);
  });

  it('labels a payload naming an area with its district, and refuses (audited) a caller of another district', async () => {
    audited.length = 0;
    const mine = await codec.encode([defaultPayloadConverter.toPayload({ state: { districtCode: '11110', ...person } })]);
    const theirs = await codec.encode([defaultPayloadConverter.toPayload([{ dongCode: '11680510', ...person }])]);
    expect(Buffer.from(mine[0]!.metadata![METADATA_DISTRICT]!).toString()).toBe('11110');
    expect(Buffer.from(theirs[0]!.metadata![METADATA_DISTRICT]!).toString()).toBe('11680');
    expect((await post('/codec/decode', { payloads: [asJson(mine[0]!)] }, 'Bearer good')).statusCode).toBe(200);
    const refused = await post('/codec/decode', { payloads: [asJson(mine[0]!), asJson(theirs[0]!)] }, 'Bearer good');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain(Buffer.from('홍길순').toString('base64'));
    expect(audited.map((a) => [a.districts, a.refused])).toEqual([
      [['11110'], 0],
      [['11110', '11680'], 1],
    ]);
    // Relabelling a payload with the caller's district breaks its authentication: nothing is decrypted.
    const relabelled = { ...theirs[0]!, metadata: { ...theirs[0]!.metadata, [METADATA_DISTRICT]: Buffer.from('11110') } };
    expect((await post('/codec/decode', { payloads: [asJson(relabelled)] }, 'Bearer good')).statusCode).toBe(422);
  });

  it('encodes, and the result decodes back', async () => {
    const res = await post('/codec/encode', { payloads: [asJson(defaultPayloadConverter.toPayload(person))] }, 'Bearer good');
    expect(res.statusCode).toBe(200);
    const { payloads } = res.json() as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe(ENCODING_ENCRYPTED);
    expect(res.body).not.toContain(Buffer.from(JSON.stringify(person)).toString('base64'));
    const back = await post('/codec/decode', { payloads }, 'Bearer good');
    expect(JSON.parse(Buffer.from((back.json() as { payloads: { data: string }[] }).payloads[0]!.data, 'base64').toString())).toEqual(
      person,
    );
  });

  it('answers the CORS preflight for the Web UI origin without asking for credentials', async () => {
    for (const url of ['/codec/decode', '/codec/encode']) {
      const res = await app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: UI,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization,x-namespace',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(UI);
      expect(res.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('Content-Type, Authorization, X-Namespace');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
    }
  });

  it('answers 400 for a malformed body and 422 naming the key for an undecodable payload', async () => {
    const bad = await post('/codec/decode', { payloads: [{ data: '***' }] }, 'Bearer good');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);

    const [foreign] = await createEncryptionCodec({ activeKeyId: 'other', keys: new Map([['other', randomBytes(32)]]) }).encode([
      defaultPayloadConverter.toPayload(person),
    ]);
    const undecodable = await post('/codec/decode', { payloads: [asJson(foreign!)] }, 'Bearer good');
    expect(undecodable.statusCode).toBe(422);
    expect(undecodable.json()).toMatchObject({ detail: expect.stringMatching(/encryption key "other" is not in the keyring/) });
  });

  it('decrypts nothing when the access cannot be audited', async () => {
    const strict = Fastify();
    await strict.register(
      codecServerRoutes({
        codec,
        authorize,
        uiOrigin: 'https://temporal.example',
        audit: async () => {
          throw new Error('audit stream down');
        },
      }),
    );
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(person)]);
    const res = await strict.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: 'Bearer good' },
      payload: { payloads: [asJson(encoded!)] },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['access-control-allow-origin']).toBe('https://temporal.example');
    expect(res.body).not.toContain(Buffer.from('홍길순').toString('base64'));
    await strict.close();
  });
});
