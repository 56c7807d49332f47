/**
 * The person's contact details for the provider that accepted a referral (domain/referral/contact-disclosure.ts:
 * Act Art. 14; Decree Art. 9; PIPA Arts. 3 and 17), through its own authenticated channel. Read from the case's
 * intake, which lives only in Temporal, encrypted by the payload codec (privacy/encryption-codec.ts), never
 * from Kafka. Every answer is an audited read naming the provider; a refusal is audited too.
 */
import type { FastifyRequest } from 'fastify';
import { caseState } from './case-state';
import { contactDetailsOf, decideContactDisclosure, type ContactDetails } from '../../domain/referral/contact-disclosure';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../context';
import { problems } from '../problem';
import { assignedReferral } from './provider';

export interface ReferralContact extends ContactDetails {
  referralId: string;
}

export async function referralContact(ctx: ApiContext, p: Principal, req: FastifyRequest, referralId: string): Promise<ReferralContact> {
  const referral = await assignedReferral(ctx, p, req, referralId);
  const decision = decideContactDisclosure(referral, p.role === 'provider' ? p.providerId : '');
  if (!decision.allowed) {
    await ctx.recordRead(p, req, { caseId: referral.caseId, target: referralId, action: 'access.refused' });
    req.log.warn({ referralId, principal: { role: p.role, sub: p.sub }, code: decision.code }, 'contact details refused');
    throw problems.forbidden(decision.reason);
  }
  const state = await caseState(ctx, referral.caseId);
  await ctx.recordRead(p, req, { caseId: referral.caseId, target: referralId, action: 'referral.contact-viewed' });
  return { referralId, ...contactDetailsOf(state.personal) };
}
