/**
 * The Temporal codec-server protocol, so the Temporal Web UI can show decrypted payloads to authorised users:
 * the browser POSTs `{ payloads: [{ metadata: {key: base64}, data: base64 }] }` to `<endpoint>/decode` (or
 * `/encode`) with `X-Namespace` and, when the UI passes the user's token, `Authorization`; the answer has the
 * same shape. The browser calls from the UI's origin, so CORS is answered here for that one origin.
 * A plain Fastify plugin: register it in the API server (its routes are /codec/decode and /codec/encode).
 * Every request names its caller (`authorize`), a decode only of payloads of the caller's area (the district
 * label, privacy/encryption-codec.ts), and every decode is audited with who and how many payloads, before
 * anything is decrypted.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ENCODING_ENCRYPTED, payloadDistrict } from './encryption-codec';

export const DEFAULT_UI_ORIGIN = 'http://127.0.0.1:8233';

export type CodecOperation = 'decode' | 'encode';

/** Who calls the codec, and which payloads they may see decrypted. */
export interface CodecCaller {
  role: string;
  id: string;
  /** Whether the caller may see a payload of this district decrypted (undefined: a payload naming no area). */
  mayDecode(district: string | undefined): boolean;
}

export interface CodecAccess {
  operation: CodecOperation;
  caller: CodecCaller;
  /** The districts of the payloads (decode), or of none when they name no area. */
  districts: string[];
  /** Payloads outside the caller's area: the request was refused (and this attempt audited). */
  refused: number;
  /** The Temporal namespace the UI is showing (X-Namespace header), if it said. */
  namespace?: string;
  payloadCount: number;
}

export interface CodecServerOptions {
  codec: PayloadCodec;
  /**
   * Names the caller of this request. Resolve the caller to allow; resolve false for an authenticated caller
   * without the right (403); throw when the caller is not authenticated (401; an error with `statusCode: 403`
   * gives 403). Preflight (OPTIONS) requests are never authorised: browsers send no credentials.
   */
  authorize: (request: FastifyRequest) => Promise<CodecCaller | false>;
  /** The Web UI's origin, the only one allowed to call from a browser. */
  uiOrigin?: string;
  /**
   * Records who decoded what (decrypted payloads are personal data being read). Called after authorisation and
   * before anything is decrypted; if it throws, nothing is decrypted and the answer is 503.
   */
  audit: (request: FastifyRequest, access: CodecAccess) => Promise<void>;
  /** Largest request body in bytes; a history page of payloads can be large. Default 8 MiB. */
  bodyLimit?: number;
}

const CodecBody = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), z.base64()).nullish(),
      data: z.base64().nullish(),
    }),
  ),
});
type JsonPayload = z.infer<typeof CodecBody>['payloads'][number];

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json').send(p);
}

const unauthorized = (detail: string): Problem => ({
  type: 'urn:dolbom:problem:unauthorized',
  title: 'Authentication required',
  status: 401,
  detail,
});
const forbidden = (detail: string): Problem => ({
  type: 'urn:dolbom:problem:forbidden',
  title: 'Not allowed for this role or area',
  status: 403,
  detail,
});

/** Runs `authorize`; answers 401/403 itself and returns false when the request may not proceed. */
async function authorised(opts: CodecServerOptions, request: FastifyRequest, reply: FastifyReply): Promise<CodecCaller | false> {
  try {
    const caller = await opts.authorize(request);
    if (caller) return caller;
    sendProblem(reply, forbidden('you may not view decrypted workflow data'));
  } catch (err) {
    if ((err as { statusCode?: unknown }).statusCode === 403) sendProblem(reply, forbidden('you may not view decrypted workflow data'));
    else {
      void reply.header('www-authenticate', 'Bearer');
      sendProblem(reply, unauthorized('sign in, and let the Temporal UI pass your access token to the codec server'));
    }
  }
  return false;
}

export function codecServerRoutes(opts: CodecServerOptions): FastifyPluginAsync {
  const uiOrigin = opts.uiOrigin ?? DEFAULT_UI_ORIGIN;
  const bodyLimit = opts.bodyLimit ?? 8 * 1024 * 1024;

  return async (app) => {
    // Every answer, errors included, carries CORS headers, or the browser hides it from the UI.
    app.addHook('onRequest', async (_request, reply) => {
      void reply.headers({
        'access-control-allow-origin': uiOrigin,
        'access-control-allow-credentials': 'true',
        vary: 'Origin',
      });
    });

    app.setErrorHandler((err: { statusCode?: number; message?: string }, request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) request.log.error({ err }, 'codec server failed');
      return sendProblem(reply, {
        type: status === 500 ? 'urn:dolbom:problem:internal' : 'urn:dolbom:problem:invalid-input',
        title: status === 500 ? 'Internal error' : 'Invalid request',
        status,
        detail: status === 500 ? 'the request could not be completed; it was logged' : (err.message ?? 'bad request'),
      });
    });

    for (const operation of ['decode', 'encode'] as const) {
      const url = `/codec/${operation}`;

      app.options(url, async (_request, reply) => {
        return reply
          .status(204)
          .headers({
            'access-control-allow-methods': 'POST, OPTIONS',
            'access-control-allow-headers': 'Content-Type, Authorization, X-Namespace',
            'access-control-max-age': '600',
          })
          .send();
      });

      app.post(url, { bodyLimit }, async (request, reply) => {
        const caller = await authorised(opts, request, reply);
        if (!caller) return reply;
        const body = CodecBody.safeParse(request.body);
        if (!body.success) {
          return sendProblem(reply, {
            type: 'urn:dolbom:problem:invalid-input',
            title: 'Invalid input',
            status: 400,
            detail: 'expected {"payloads": [{"metadata": {key: base64}, "data": base64}]}',
          });
        }
        const namespace = request.headers['x-namespace'];
        const payloads = body.data.payloads.map(fromJson);
        const encrypted =
          operation === 'decode' ? payloads.filter((p) => Buffer.from(p.metadata?.encoding ?? []).toString() === ENCODING_ENCRYPTED) : [];
        const districtOf = encrypted.map(payloadDistrict);
        const refused = districtOf.filter((d) => !caller.mayDecode(d)).length;
        const access: CodecAccess = {
          operation,
          caller,
          payloadCount: payloads.length,
          districts: [...new Set(districtOf.filter((d): d is string => d !== undefined))].sort(),
          refused,
          ...(typeof namespace === 'string' ? { namespace } : {}),
        };
        try {
          await opts.audit(request, access);
        } catch (err) {
          request.log.error({ err }, 'codec access could not be audited; refusing to decrypt');
          return sendProblem(reply, {
            type: 'urn:dolbom:problem:unavailable',
            title: 'Service unavailable',
            status: 503,
            detail: 'access to personal data cannot be recorded right now; try again shortly',
          });
        }
        if (refused > 0) {
          return sendProblem(reply, forbidden(`${refused} of the payloads belong to cases outside your area; nothing was decrypted`));
        }
        let result: Payload[];
        try {
          result = operation === 'decode' ? await opts.codec.decode(payloads) : await opts.codec.encode(payloads);
        } catch (err) {
          // The codec's messages name key ids, never payload contents.
          return sendProblem(reply, {
            type: 'urn:dolbom:problem:undecodable',
            title: `Payloads could not be ${operation}d`,
            status: 422,
            detail: err instanceof Error ? err.message : String(err),
          });
        }
        return reply.type('application/json').send({ payloads: result.map(toJson) });
      });
    }
  };
}
