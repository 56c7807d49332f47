/**
 * Consent that binds (Act Art. 4; Decree Art. 9): what each piece of work needs the person to have consented to,
 * the record of who consented, how and when, and what narrowing a scope stops. Pure: the steps
 * (domain/case/steps.ts, domain/case/duty-steps.ts) ask it; unit tests in domain/case/consent.test.ts.
 */
import type { ConsentScope } from '../vocabulary';
import { CONSENT_SCOPES } from '../vocabulary';
import type { RecordConsent } from './case-inputs';
import type { CaseState, ConsentRecord } from './case-state';
import { refuse, type Refusal } from './case-step';
import type { z } from 'zod';

/**
 * What each kind of work needs: the survey and the assessment need consent to the survey; anything that sends
 * the person's data to an assessor or a provider needs consent to sharing; a referral needs consent to referral.
 */
export const CONSENT_NEEDED = {
  preSurvey: ['survey'],
  assessment: ['survey'],
  assessmentRequest: ['survey', 'sharing'],
  referral: ['sharing', 'referral'],
} as const satisfies Record<string, readonly ConsentScope[]>;
export type ConsentedWork = keyof typeof CONSENT_NEEDED;

const WORK_WORDS: Record<ConsentedWork, string> = {
  preSurvey: 'the pre-survey',
  assessment: 'the comprehensive assessment',
  assessmentRequest: 'a request to the assessor',
  referral: 'a referral to a provider',
};

/** The scopes the person consents to now: none before consent, and none once they refused support. */
export function consentedScopes(state: Pick<CaseState, 'consent' | 'consentWithdrawnAt'>): ConsentScope[] {
  return state.consentWithdrawnAt ? [] : (state.consent?.scope ?? []);
}

/** A refusal naming the missing scopes when the work is not covered by the person's consent (Act Art. 4). */
export function refuseWithoutConsent(state: CaseState, work: ConsentedWork): Refusal | undefined {
  const given = consentedScopes(state);
  const missing = CONSENT_NEEDED[work].filter((s) => !given.includes(s));
  if (missing.length === 0) return undefined;
  return refuse(
    `${WORK_WORDS[work]} needs the person's consent to ${missing.join(' and ')} (Act Art. 4); consent given: ${given.join(', ') || 'none'}`,
    'DolbomActionNotAllowed',
    'CONSENT_MISSING',
  );
}

/** Whether the person's consent covers the work (no refusal). */
export const covers = (state: CaseState, work: ConsentedWork): boolean => refuseWithoutConsent(state, work) === undefined;

/**
 * The consent as recorded: who (the person or a named representative), how (written, or oral before a witness),
 * when (given at, never in the future); a later consent widens the scopes already given.
 */
export function consentRecord(
  previous: ConsentRecord | undefined,
  input: z.output<typeof RecordConsent>,
  now: string,
): { record: ConsentRecord } | Refusal {
  if (!input.givenBy || !input.method) return refuse('record who consented (givenBy) and how (method), Act Art. 4', 'DolbomInvalidInput');
  if ((input.givenBy === 'representative') !== !!input.representative)
    return refuse('a representative is named, with their relationship, exactly when givenBy is representative', 'DolbomInvalidInput');
  if (input.method === 'oral' && !input.witness)
    return refuse('oral consent is recorded with the witness who heard it', 'DolbomInvalidInput');
  const givenAt = input.givenAt ?? now;
  if (Date.parse(givenAt) > Date.parse(now))
    return refuse(`consent cannot be given in the future (givenAt ${givenAt})`, 'DolbomInvalidInput');
  const scope = CONSENT_SCOPES.filter((s) => input.scope.includes(s) || previous?.scope.includes(s));
  return {
    record: {
      recordedAt: now,
      by: input.actor.id,
      scope,
      givenBy: input.givenBy,
      ...(input.representative ? { representative: input.representative } : {}),
      method: input.method,
      ...(input.witness ? { witness: input.witness } : {}),
      givenAt,
    },
  };
}

/** The scopes left after the person withdraws some; a refusal when a scope to withdraw was not given. */
export function narrowedScopes(state: CaseState, withdraw: readonly ConsentScope[]): { remaining: ConsentScope[] } | Refusal {
  const given = consentedScopes(state);
  const notGiven = withdraw.filter((s) => !given.includes(s));
  if (notGiven.length > 0)
    return refuse(`consent to ${notGiven.join(', ')} was not given, so it cannot be withdrawn`, 'DolbomInvalidInput');
  return { remaining: given.filter((s) => !withdraw.includes(s)) };
}
