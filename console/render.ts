/**
 * Rendering a console page: the template with what every page needs (words in the viewer's language, dates
 * in Korean form, the viewer, a CSRF token for its forms, the code labels), and the console's error pages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../api/auth/principal';
import { HttpProblem, toProblem } from '../api/problem';
import { getDong, getDistrict } from '../domain/areas/areas';
import { getService, isOpenAccessService } from '../domain/catalogue/catalogue';
import { getProvider } from '../domain/providers/directory';
import { translator } from './i18n';
import { formatDate, formatDateTime } from './korean-dates';
import { langOf } from './session';

/** Sent when a page needs a signed-in viewer; `expired` when the session just ended for idleness. */
export class SignInRequired extends Error {
  constructor(public readonly expired: boolean) {
    super('sign in');
  }
}

export function viewer(req: FastifyRequest): Principal {
  const p = req.session.get('principal');
  if (!p) throw new SignInRequired(req.consoleExpired === true);
  return p;
}

const safe = <T>(f: () => T, fallback: string) => {
  try {
    return f();
  } catch {
    return fallback;
  }
};

export function pageLocals(req: FastifyRequest, reply: FastifyReply) {
  const lang = langOf(req);
  const t = translator(lang);
  const en = lang === 'en';
  return {
    t,
    lang,
    path: req.url,
    principal: req.session.get('principal'),
    csrf: reply.generateCsrf(),
    dateTime: (v: Date | string | null | undefined) => formatDateTime(v, lang),
    date: (v: Date | string | null | undefined) => formatDate(v, lang),
    dongName: (code: unknown) => safe(() => (en ? getDong(String(code)).nameEn : getDong(String(code)).nameKo), String(code)),
    districtName: (code: unknown) => safe(() => (en ? getDistrict(String(code)).nameEn : getDistrict(String(code)).nameKo), String(code)),
    serviceName: (code: unknown) => safe(() => (en ? getService(String(code)).nameEn : getService(String(code)).nameKo), String(code)),
    /** An open-access service (domain/catalogue): its plan line is information given, not a referral. */
    openAccess: (code: unknown) => isOpenAccessService(String(code)),
    providerName: (id: unknown) => safe(() => (en ? getProvider(String(id)).nameEn : getProvider(String(id)).nameKo), String(id ?? '')),
    /** A code's label, e.g. code('status', 'planning'); the code itself when it has none. */
    code: (kind: string, value: unknown) => t(`codes.${kind}.${String(value)}`, { defaultValue: String(value) }),
  };
}

export type PageLocals = ReturnType<typeof pageLocals>;

export async function render(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
  return reply.code(status).view(template, { ...pageLocals(req, reply), ...data });
}

/** A problem (refusal, out of scope, not found, ...) as the viewer's message: Korean title by its type, and its detail. */
export function problemMessage(req: FastifyRequest, err: unknown): { status: number; title: string; detail?: string } {
  const problem = err instanceof HttpProblem ? err.problem : toProblem(err);
  const t = translator(langOf(req));
  const kind = problem.type.split(':').at(-1) ?? 'internal';
  return {
    status: problem.status,
    title: t(`problems.${kind}`, { defaultValue: problem.title }),
    ...(problem.detail ? { detail: problem.detail } : {}),
  };
}
