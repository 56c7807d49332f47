/**
 * What each step of a case takes (Act Arts. 10-14; Rule Arts. 7-11), as schemas: the applicant and the
 * person, a plan's service lines, and the input of every caseworker, assessor and supervisor action. The case
 * workflow's updates (workflows/case/case.messages.ts) carry these; the steps (domain/case/steps.ts) act on
 * them. Built once per thread (domain/shared.ts).
 */
import type { z } from 'zod';
import { Actor } from '../actor';
import { AssessmentResult } from '../assessment';
import {
  AgencyKind,
  ApplicantType,
  ApplicationDifficulty,
  CareDomain,
  ClosureGround,
  DifficultyCause,
  ExOfficioGround,
  ProofDocument,
  RepresentativeRelationship,
  ResidenceBasis,
} from '../codes';
import { PreSurveyInput } from '../pre-survey';
import { RESIDENT_NUMBER_SHAPE, residentNumberContradiction } from '../resident-number';
import { Period, Quantity } from '../service-shapes';
import { sharedInWorkflows } from '../shared';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  ESCALATION_RESOLUTIONS,
  MONITORING_OUTCOMES,
  SERVICE_METHODS,
  SINGLE_SERVICE_LINK_KINDS,
} from '../vocabulary';

/** Personal data: travels only inside Temporal payloads, which the payload codec encrypts. Never in events. */
export type PersonalDetails = z.infer<typeof PersonalDetails>;
export type Application = z.infer<typeof Application>;
export type CaseIntake = z.infer<typeof CaseIntake>;
export type ServiceLine = z.infer<typeof ServiceLine>;

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const {
  PersonalDetails,
  Application,
  CaseIntake,
  ServiceLine,
  RecordConsent,
  RecordPreSurvey,
  RecordAssessment,
  DecideEligibility,
  LinkUrgentService,
  DraftPlan,
  SubmitPlan,
  ConferenceDecisionInput,
  RecordMonitoring,
  CancelReferral,
  ResolveEscalation,
  WithdrawConsent,
  CloseCase,
  NarrowConsent,
  LinkSingleService,
} = sharedInWorkflows('domain/case/case-inputs', (z) => {
  const PersonalDetails = z
    .strictObject({
      name: z.string().min(1).max(100),
      rrn: z.string().regex(RESIDENT_NUMBER_SHAPE, 'resident registration number must look like 000000-0000000'),
      birthDate: z.iso.date(),
      phone: z.string().max(32).optional(),
      address: z.string().max(200).optional(),
      healthNotes: z.string().max(2000).optional(),
    })
    // The number's YYMMDD and century digit must be the stated birth date (domain/resident-number.ts).
    .superRefine((p, ctx) => {
      const contradiction = residentNumberContradiction(p.rrn, p.birthDate);
      if (contradiction) ctx.addIssue({ code: 'custom', path: ['rrn'], message: contradiction });
    });
  const Application = z
    .strictObject({
      applicantType: ApplicantType,
      /** For agency staff: which kind of institution applied, with the person's consent. */
      agencyKind: AgencyKind.optional(),
      agencyConsentConfirmed: z.boolean().optional(),
      /** For ex officio: the ground, and that the person had the prior explanation and consented. */
      exOfficioGround: ExOfficioGround.optional(),
      priorExplanationGiven: z.boolean().optional(),
      /** Ex officio: why the person finds it difficult to apply themselves (Act Art. 10(2)). */
      difficultyToApply: ApplicationDifficulty.optional(),
      /** A relative or guardian applying: who, their relationship, and the document that shows it (Act Art. 10(1)). */
      representative: z
        .strictObject({ name: z.string().min(1).max(100), relationship: RepresentativeRelationship, proofDocument: ProofDocument })
        .optional(),
      /** How the person's residence in the district is established (Act Art. 10(1)); required at intake. */
      residence: z.strictObject({ basis: ResidenceBasis }).optional(),
    })
    .superRefine((a, ctx) => {
      // Act Art. 10(1): the person applies to the head of the district where they live.
      if (!a.residence)
        ctx.addIssue({
          code: 'custom',
          path: ['residence'],
          message: 'the person’s residence in the district is established (Act Art. 10(1))',
        });
      const represents = a.applicantType === 'relative' || a.applicantType === 'guardian';
      if (represents && !a.representative)
        ctx.addIssue({
          code: 'custom',
          path: ['representative'],
          message: 'a relative or guardian applying is named, with their relationship and the document that shows it',
        });
      if (!represents && a.representative)
        ctx.addIssue({
          code: 'custom',
          path: ['representative'],
          message: 'a representative is named only when a relative or guardian applies',
        });
      const guardianship = a.representative?.relationship === 'guardian';
      if (a.applicantType === 'guardian' && (!guardianship || a.representative?.proofDocument !== 'guardianshipRegistrationCertificate'))
        ctx.addIssue({
          code: 'custom',
          path: ['representative'],
          message: 'a guardian applies as guardian, shown by the guardianship registration certificate',
        });
      if (a.applicantType === 'relative' && guardianship)
        ctx.addIssue({ code: 'custom', path: ['representative', 'relationship'], message: 'a guardian applies as applicantType guardian' });
      if (a.applicantType === 'exOfficio' && !a.difficultyToApply)
        ctx.addIssue({
          code: 'custom',
          path: ['difficultyToApply'],
          message: 'the ex-officio path records why the person finds it difficult to apply (Act Art. 10(2))',
        });
      if (a.applicantType === 'exOfficio') {
        if (!a.exOfficioGround)
          ctx.addIssue({ code: 'custom', path: ['exOfficioGround'], message: 'ex-officio applications need one of the six grounds' });
        if (a.priorExplanationGiven !== true)
          ctx.addIssue({
            code: 'custom',
            path: ['priorExplanationGiven'],
            message: 'ex officio still needs the prior explanation to the person',
          });
      } else if (a.exOfficioGround) {
        ctx.addIssue({ code: 'custom', path: ['exOfficioGround'], message: 'a ground is given only for ex-officio applications' });
      }
      if (a.applicantType === 'agencyStaff') {
        if (!a.agencyKind)
          ctx.addIssue({ code: 'custom', path: ['agencyKind'], message: 'agency staff must say which kind of institution applies' });
        if (a.agencyConsentConfirmed !== true)
          ctx.addIssue({ code: 'custom', path: ['agencyConsentConfirmed'], message: 'agency staff apply only with the person’s consent' });
      }
    });
  const CaseIntake = z.strictObject({
    recipientPseudoId: z.string().regex(/^[a-z0-9-]{8,64}$/, 'pseudonymous id: 8-64 lowercase letters, digits or dashes'),
    districtCode: z.string().regex(/^11\d{3}$/),
    dongCode: z.string().regex(/^11\d{6}$/),
    application: Application,
    personal: PersonalDetails,
    actor: Actor,
    /** The dong caseworker who carries the case, when not the one who opens it (domain/case/ownership-steps.ts). */
    assignedCaseworkerId: z.string().min(1).max(128).optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  });
  const ServiceLine = z.strictObject({
    lineId: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
    serviceCode: z.string().regex(/^[A-Z]{3}-\d{2}$/),
    quantity: Quantity,
    period: Period,
    /** How the service is delivered (Rule Form 2: method), coded. */
    method: z.enum(SERVICE_METHODS).default('visit'),
    preferredProviderId: z.string().optional(),
  });
  /**
   * Act Art. 4: who consented (the person or a named representative), how (in writing, or orally before a witness),
   * when. The rules between the fields are the step's (domain/case/consent.ts), so the API can reuse the shape.
   */
  const RecordConsent = z.strictObject({
    actor: Actor,
    scope: z
      .array(z.enum(CONSENT_SCOPES))
      .min(1)
      .default([...CONSENT_SCOPES]),
    givenBy: z.enum(CONSENT_GIVERS).optional(),
    representative: z.strictObject({ name: z.string().min(1).max(100), relationship: z.string().min(1).max(50) }).optional(),
    method: z.enum(CONSENT_METHODS).optional(),
    witness: z.string().min(1).max(100).optional(),
    givenAt: z.iso.datetime({ offset: true }).optional(),
  });
  /** Act Art. 4: the person narrows what they consent to; what is pending under a withdrawn scope stops, the case stays open. */
  const NarrowConsent = z.strictObject({
    actor: Actor,
    withdraw: z.array(z.enum(CONSENT_SCOPES)).min(1),
    givenBy: z.enum(CONSENT_GIVERS),
    method: z.enum(CONSENT_METHODS),
  });
  /** One-stop linkage: a single service outside the integrated plan, as information given or a referral the dong made. */
  const LinkSingleService = z.strictObject({
    actor: Actor,
    serviceCode: z.string().regex(/^[A-Z]{3}-\d{2}$/),
    kind: z.enum(SINGLE_SERVICE_LINK_KINDS),
    note: z.string().max(500).optional(),
  });
  const RecordPreSurvey = z.strictObject({ actor: Actor, survey: PreSurveyInput });
  const RecordAssessment = z.strictObject({ actor: Actor, result: AssessmentResult });
  const DecideEligibility = z.strictObject({
    actor: Actor,
    severeDisabilityRecognised: z.boolean(),
    districtRecognised: z.strictObject({ recognised: z.boolean(), ministryConsulted: z.boolean() }).optional(),
    difficultyCauses: z.array(DifficultyCause),
    /** Need domains found by the survey; added to those of the assessment, if any. */
    needDomains: z.array(CareDomain).default([]),
  });
  const LinkUrgentService = z.strictObject({ actor: Actor, line: ServiceLine });
  const DraftPlan = z.strictObject({
    actor: Actor,
    lines: z.array(ServiceLine).min(1).max(20),
    coordination: z.string().max(500).optional(),
    personHeard: z.boolean(),
  });
  const SubmitPlan = z.strictObject({ actor: Actor });
  const ConferenceDecisionInput = z.strictObject({
    actor: Actor,
    decision: z.enum(['approve', 'change', 'close']),
    closureGround: ClosureGround.optional(),
    note: z.string().max(500).optional(),
  });
  const RecordMonitoring = z.strictObject({
    actor: Actor,
    outcome: z.enum(MONITORING_OUTCOMES),
    visitedAt: z.iso.datetime({ offset: true }).optional(),
  });
  const CancelReferral = z.strictObject({ actor: Actor, referralId: z.string().min(1) });
  const ResolveEscalation = z.strictObject({
    actor: Actor,
    escalationId: z.string().min(1),
    resolution: z.enum(ESCALATION_RESOLUTIONS),
    providerId: z.string().optional(),
  });
  const WithdrawConsent = z.strictObject({ actor: Actor });
  /** The ground is required, except for a case found ineligible, which closes as such (domain/case/steps.ts closeCase). */
  const CloseCase = z.strictObject({ actor: Actor, ground: ClosureGround.optional(), note: z.string().max(500).optional() });
  return {
    PersonalDetails,
    Application,
    CaseIntake,
    ServiceLine,
    RecordConsent,
    RecordPreSurvey,
    RecordAssessment,
    DecideEligibility,
    LinkUrgentService,
    DraftPlan,
    SubmitPlan,
    ConferenceDecisionInput,
    RecordMonitoring,
    CancelReferral,
    ResolveEscalation,
    WithdrawConsent,
    CloseCase,
    NarrowConsent,
    LinkSingleService,
  };
});
