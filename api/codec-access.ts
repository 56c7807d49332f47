/**
 * Who may use the codec endpoint (privacy/codec-server.ts), which decrypts Temporal payloads for the Web UI:
 * staff who may read case data, each within their area (issue 14). A caseworker sees payloads of the districts
 * of their dongs, and only payloads that name an area (payloads are labelled by district only, so a payload with
 * no area could be anyone's); a supervisor or assessor sees their district(s) and unlabelled payloads; a provider
 * nothing. A token is required, except outside production for the local Web UI of the embedded dev server, which
 * cannot send one: a loopback caller whose Host is a loopback name and whose Origin is the UI's own (so a page of
 * another site cannot use it through DNS rebinding). Every decode, and every refusal, is audited.
 */
import type { FastifyRequest } from 'fastify';
import type { CodecAccess, CodecCaller } from '../privacy/codec-server';
import type { Principal } from './auth/principal';
import type { TokenVerifier } from './auth/tokens';
import type { ApiContext } from './context';

export interface CodecAccessOptions {
  verify: TokenVerifier;
  production: boolean;
  /** The Temporal Web UI's origin (TEMPORAL_UI_URL). */
  uiOrigin: string;
}

/** The actor the local Web UI's loopback calls are recorded as. */
export const LOCAL_WEB_UI_ACTOR = { role: 'system', sub: 'local-temporal-web-ui' } as const;

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function unauthenticated(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 401 });
}

/** The caller's scope from a verified token, or false for a role that may not read payloads. */
export function codecCallerFor(p: Principal): CodecCaller | false {
  switch (p.role) {
    case 'caseworker': {
      const districts = new Set(p.dongs.map((d) => d.slice(0, 5)));
      return { role: p.role, id: p.sub, mayDecode: (d) => d !== undefined && districts.has(d) };
    }
    case 'supervisor':
      return { role: p.role, id: p.sub, mayDecode: (d) => d === undefined || d === p.district };
    case 'assessor':
      return { role: p.role, id: p.sub, mayDecode: (d) => d === undefined || p.districts.includes(d) };
    case 'provider':
      return false;
  }
}

/** Whether a token-less request is the local Web UI: loopback address, loopback Host, the UI's Origin. */
export function isLocalWebUi(request: Pick<FastifyRequest, 'ip' | 'headers'>, uiOrigin: string): boolean {
  if (!LOOPBACK_IPS.has(request.ip)) return false;
  const host = request.headers.host;
  if (!host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(hostname) && request.headers.origin === uiOrigin;
}

export function codecAuthorizer(opts: CodecAccessOptions): (request: FastifyRequest) => Promise<CodecCaller | false> {
  return async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return codecCallerFor(await opts.verify(header.slice(7)));
    if (!opts.production && isLocalWebUi(request, opts.uiOrigin)) {
      return { role: LOCAL_WEB_UI_ACTOR.role, id: LOCAL_WEB_UI_ACTOR.sub, mayDecode: () => true };
    }
    throw unauthenticated('a bearer token is required');
  };
}

/** Audits each decode (or refused decode) as a read: who, how many payloads, of which districts. */
export function codecAuditor(recordRead: ApiContext['recordRead']): (request: FastifyRequest, access: CodecAccess) => Promise<void> {
  return async (request, access) => {
    if (access.operation !== 'decode') return;
    const area = access.districts.join('.') || 'no-area';
    await recordRead({ role: access.caller.role, sub: access.caller.id } as Parameters<ApiContext['recordRead']>[0], request, {
      caseId: `codec:${area}`.slice(0, 128),
      target: `payloads:${area}`.slice(0, 128),
      action: access.refused > 0 ? 'access.refused' : 'payloads.decoded',
      payloads: access.payloadCount,
    });
  };
}
