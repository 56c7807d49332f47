/**
 * The caseworker's pages: the caseload of their dongs (filters, sorting, paging; find a person by resident
 * number through the pseudonym) and the intake form. Intake is the API's `openCase`; a second intake for the
 * same person links to the open case.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { caseIdForResident, openCase, viewCase } from '../../api/services/cases';
import { CASE_STATUSES } from '../../domain/case/case-lifecycle';
import { CASELOAD_SORTS, consoleCaseload } from '../../api/services/console-caseload';
import { HttpProblem, toProblem } from '../../api/problem';
import { getDong } from '../../domain/areas/areas';
import {
  AGENCY_KINDS,
  APPLICANT_TYPES,
  APPLICATION_DIFFICULTIES,
  EX_OFFICIO_GROUNDS,
  PROOF_DOCUMENTS,
  REPRESENTATIVE_RELATIONSHIPS,
  RESIDENCE_BASES,
} from '../../domain/codes';

/** The intake form's coded choices (Act Art. 10): representatives, their documents, residence, difficulty to apply. */
const INTAKE_CHOICES = {
  relationships: REPRESENTATIVE_RELATIONSHIPS,
  proofDocuments: PROOF_DOCUMENTS,
  residenceBases: RESIDENCE_BASES,
  difficulties: APPLICATION_DIFFICULTIES,
};
import type { FormBody } from '../case-action-forms';
import { IntakeBody } from '../intake-schema';
import type { ConsoleRouteDeps } from '../plugin';
import { problemMessage, render, viewer } from '../render';

const CaseloadQuery = z.object({
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  overdue: z.literal('1').optional().catch(undefined),
  due14: z.literal('1').optional().catch(undefined),
  urgent: z.literal('1').optional().catch(undefined),
  mine: z.literal('1').optional().catch(undefined),
  sort: z.enum(CASELOAD_SORTS).default('opened').catch('opened'),
  page: z.coerce.number().int().min(1).max(1000).default(1).catch(1),
});
const PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

export const caseworkerRoutes =
  (deps: ConsoleRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const { ctx } = deps;
    const caseworker = (req: Parameters<typeof viewer>[0]) => {
      const p = viewer(req);
      if (p.role !== 'caseworker')
        throw new HttpProblem({
          type: 'urn:dolbom:problem:forbidden',
          title: 'forbidden',
          status: 403,
          detail: 'the caseload and intake are the dong caseworker’s',
        });
      return p;
    };

    app.get('/caseload', async (req, reply) => {
      const p = caseworker(req);
      const filters = CaseloadQuery.parse(req.query);
      const list = await consoleCaseload(
        ctx,
        p,
        req,
        {
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.overdue ? { overdue: true } : {}),
          ...(filters.due14 ? { dueWithinDays: 14 } : {}),
          ...(filters.urgent ? { urgent: true } : {}),
          ...(filters.mine ? { mine: true } : {}),
          sort: filters.sort,
          page: filters.page,
          pageSize: PAGE_SIZE,
        },
        new Date(),
        deps.rowCache,
      );
      // Where the page's time went, beside the total the plugin adds (read by bench/console-caseload.ts).
      if ('timings' in list && list.timings)
        reply.header('server-timing', `list;dur=${list.timings.listMs.toFixed(1)}, rows;dur=${list.timings.rowsMs.toFixed(1)}`);
      const template = req.headers['hx-request'] && req.headers['hx-target'] === 'caseload-results' ? 'caseload-results' : 'caseload';
      return render(req, reply, template, { filters, list, statuses: CASE_STATUSES, sorts: CASELOAD_SORTS, now: new Date().toISOString() });
    });

    // A person by resident number, exactly, through the pseudonym: the number is never stored or logged.
    app.post('/find', { preHandler: app.csrfProtection }, async (req, reply) => {
      const p = caseworker(req);
      const rrn = one((req.body as FormBody).rrn);
      if (!/^\d{6}-?\d{7}$/.test(rrn)) return render(req, reply, 'find-result', { error: 'rrnFormat' }, 400);
      const caseId = caseIdForResident(ctx, rrn);
      try {
        // The same scoped, audited read as GET /cases/:id: a case outside the dongs is refused, not revealed.
        await viewCase(ctx, p, req, caseId);
        return reply.redirect(`/console/cases/${caseId}`, 303);
      } catch (err) {
        const problem = err instanceof HttpProblem ? err.problem : toProblem(err);
        if (problem.status === 404) return render(req, reply, 'find-result', { notFound: true }, 404);
        throw err;
      }
    });

    app.get('/intake', async (req, reply) => {
      const p = caseworker(req);
      return render(req, reply, 'intake', {
        values: { dongCode: p.dongs[0] },
        dongs: p.dongs.map((d) => getDong(d)),
        applicantTypes: APPLICANT_TYPES,
        agencyKinds: AGENCY_KINDS,
        grounds: EX_OFFICIO_GROUNDS,
        ...INTAKE_CHOICES,
        idem: randomUUID(),
      });
    });

    app.post('/intake', { preHandler: app.csrfProtection }, async (req, reply) => {
      const p = caseworker(req);
      const f = req.body as FormBody;
      const applicantType = one(f.applicantType);
      const application = {
        applicantType,
        ...(applicantType === 'agencyStaff'
          ? {
              ...(one(f.agencyKind) ? { agencyKind: one(f.agencyKind) } : {}),
              agencyConsentConfirmed: one(f.agencyConsentConfirmed) === 'on',
            }
          : {}),
        ...(applicantType === 'exOfficio'
          ? {
              ...(one(f.exOfficioGround) ? { exOfficioGround: one(f.exOfficioGround) } : {}),
              priorExplanationGiven: one(f.priorExplanationGiven) === 'on',
              ...(one(f.difficultyToApply) ? { difficultyToApply: one(f.difficultyToApply) } : {}),
            }
          : {}),
        // Act Art. 10(1): a relative or guardian is named with their relationship and the document that shows it.
        ...(applicantType === 'relative' || applicantType === 'guardian'
          ? {
              representative: {
                name: one(f.representativeName),
                relationship: one(f.representativeRelationship),
                proofDocument: one(f.proofDocument),
              },
            }
          : {}),
        ...(one(f.residenceBasis) ? { residence: { basis: one(f.residenceBasis) } } : {}),
      };
      const personal = {
        name: one(f.name),
        rrn: one(f.rrn),
        birthDate: one(f.birthDate),
        ...(one(f.phone) ? { phone: one(f.phone) } : {}),
        ...(one(f.address) ? { address: one(f.address) } : {}),
      };
      const again = {
        values: { ...f, rrn: '' },
        dongs: p.dongs.map((d) => getDong(d)),
        applicantTypes: APPLICANT_TYPES,
        agencyKinds: AGENCY_KINDS,
        grounds: EX_OFFICIO_GROUNDS,
        ...INTAKE_CHOICES,
        idem: one(f._idem) || randomUUID(),
      };
      const parsed = IntakeBody.safeParse({ dongCode: one(f.dongCode), application, personal });
      if (!parsed.success) {
        return render(
          req,
          reply,
          'intake',
          { ...again, fieldErrors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
          400,
        );
      }
      try {
        const { caseId } = await openCase(ctx, p, req, parsed.data);
        return reply.redirect(`/console/cases/${caseId}`, 303);
      } catch (err) {
        const problem = err instanceof HttpProblem ? err.problem : toProblem(err);
        if (problem.status === 409 && typeof problem.existingCaseId === 'string') {
          return render(req, reply, 'intake', { ...again, existingCaseId: problem.existingCaseId }, 409);
        }
        return render(req, reply, 'intake', { ...again, refusal: problemMessage(req, err) }, problem.status);
      }
    });
  };
