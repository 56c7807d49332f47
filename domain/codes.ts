/**
 * The coded vocabularies of integrated care, named once. Pure data: safe to import from workflow code.
 * Legal anchors: the Act on Integrated Support for Community Care Arts. 10-14 (the case process), its Enforcement
 * Rule Arts. 7-11 (survey to closure) and its Enforcement Decree Art. 2 (eligibility).
 */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';

/** The five care domains. A tag, not a hierarchy (the Act files housing under daily care). */
export const CARE_DOMAINS = ['medical', 'health', 'longTermCare', 'dailyCare', 'housing'] as const;
export type CareDomain = z.infer<typeof CareDomain>;

export const ROLES = ['caseworker', 'supervisor', 'provider', 'assessor', 'system'] as const;
export type Role = z.infer<typeof Role>;

/** Who applied (Act Art. 10): the person, a relative, a guardian, staff with consent, or ex officio. */
export const APPLICANT_TYPES = ['self', 'relative', 'guardian', 'agencyStaff', 'exOfficio'] as const;
export type ApplicantType = z.infer<typeof ApplicantType>;

/**
 * The six kinds of institution whose staff may apply on the person's behalf, with their consent (Rule Art. 7(1)):
 * a hospital discharging the person, a care facility, a care agency (the three the Act's summary names), a public
 * health centre, a mental-health welfare centre and a community welfare centre (the three added from the Rule as
 * read here; the Rule's own list was not available offline: see docs/law-duties.md).
 */
export const AGENCY_KINDS = [
  'dischargingHospital',
  'careFacility',
  'careAgency',
  'publicHealthCentre',
  'mentalHealthWelfareCentre',
  'communityWelfareCentre',
] as const;
export type AgencyKind = z.infer<typeof AgencyKind>;

/** A representative's relationship to the person, and the document that shows it (Act Art. 10(1): relatives and guardians apply). */
export const REPRESENTATIVE_RELATIONSHIPS = [
  'spouse',
  'child',
  'childInLaw',
  'grandchild',
  'sibling',
  'parent',
  'otherRelative',
  'guardian',
] as const;
export type RepresentativeRelationship = z.infer<typeof RepresentativeRelationship>;
export const PROOF_DOCUMENTS = [
  'familyRelationCertificate',
  'residentRegistrationCopy',
  'guardianshipRegistrationCertificate',
  'powerOfAttorney',
] as const;
export type ProofDocument = z.infer<typeof ProofDocument>;

/** How the person's residence in the district is established (Act Art. 10(1): residents of the district apply there). */
export const RESIDENCE_BASES = ['registeredAddress', 'actualResidence'] as const;
export type ResidenceBasis = z.infer<typeof ResidenceBasis>;

/** Why the person finds it difficult to apply themselves, recorded on the ex-officio path (Act Art. 10(2)). */
export const APPLICATION_DIFFICULTIES = ['cognitiveImpairment', 'physicalImpairment', 'noOneToApply', 'crisisSituation', 'other'] as const;
export type ApplicationDifficulty = z.infer<typeof ApplicationDifficulty>;

/** The six situations in which the district applies ex officio (직권신청). */
export const EX_OFFICIO_GROUNDS = [
  'ltcBenefitRejected',
  'disabilitySupportRejected',
  'dischargedFromHospital',
  'emergencyWelfareCrisis',
  'disasterEmergencyCare',
  'familyCareDifficult',
] as const;
export type ExOfficioGround = z.infer<typeof ExOfficioGround>;

/** The five closure grounds (Rule Art. 11). */
export const CLOSURE_GROUNDS = ['death', 'admittedToInstitution', 'supportNoLongerNeeded', 'refuses', 'otherMinistryRecognised'] as const;
export type ClosureGround = z.infer<typeof ClosureGround>;

/** Support-conference decisions (통합지원회의). */
export const CONFERENCE_DECISIONS = ['approve', 'change', 'close'] as const;
export type ConferenceDecision = z.infer<typeof ConferenceDecision>;

/** HL7 FHIR Task status, the vocabulary of closed-loop referrals. */
export const TASK_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'completed',
  'cancelled',
  'failed',
  'entered-in-error',
] as const;
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Coded reasons a provider gives when it declines (FHIR Task statusReason). */
export const DECLINE_REASONS = [
  'atCapacity',
  'notEligible',
  'outsideArea',
  'personDeclined',
  'serviceNotOffered',
  'unableToContact',
  'other',
] as const;
export type DeclineReason = z.infer<typeof DeclineReason>;

/** Recognised-vulnerability routes of Decree Art. 2. */
export const ELIGIBILITY_ROUTES = ['aged65Plus', 'severeDisability', 'districtRecognised'] as const;
export type EligibilityRoute = z.infer<typeof EligibilityRoute>;

/** Causes of the difficulty in daily life named by Decree Art. 2. */
export const DIFFICULTY_CAUSES = ['frailty', 'disability', 'illness', 'accident'] as const;
export type DifficultyCause = z.infer<typeof DifficultyCause>;

/** The code lists as schemas, built once per thread (domain/shared.ts). */
export const {
  CareDomain,
  Role,
  ApplicantType,
  AgencyKind,
  RepresentativeRelationship,
  ProofDocument,
  ResidenceBasis,
  ApplicationDifficulty,
  ExOfficioGround,
  ClosureGround,
  ConferenceDecision,
  TaskStatus,
  DeclineReason,
  EligibilityRoute,
  DifficultyCause,
} = sharedInWorkflows('domain/codes', (z) => ({
  CareDomain: z.enum(CARE_DOMAINS),
  Role: z.enum(ROLES),
  ApplicantType: z.enum(APPLICANT_TYPES),
  AgencyKind: z.enum(AGENCY_KINDS),
  RepresentativeRelationship: z.enum(REPRESENTATIVE_RELATIONSHIPS),
  ProofDocument: z.enum(PROOF_DOCUMENTS),
  ResidenceBasis: z.enum(RESIDENCE_BASES),
  ApplicationDifficulty: z.enum(APPLICATION_DIFFICULTIES),
  ExOfficioGround: z.enum(EX_OFFICIO_GROUNDS),
  ClosureGround: z.enum(CLOSURE_GROUNDS),
  ConferenceDecision: z.enum(CONFERENCE_DECISIONS),
  TaskStatus: z.enum(TASK_STATUSES),
  DeclineReason: z.enum(DECLINE_REASONS),
  EligibilityRoute: z.enum(ELIGIBILITY_ROUTES),
  DifficultyCause: z.enum(DIFFICULTY_CAUSES),
}));
