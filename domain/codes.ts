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

/** The kind of institution whose staff may apply on the person's behalf, with their consent. */
export const AGENCY_KINDS = ['dischargingHospital', 'careFacility', 'careAgency'] as const;
export type AgencyKind = z.infer<typeof AgencyKind>;

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
  ExOfficioGround: z.enum(EX_OFFICIO_GROUNDS),
  ClosureGround: z.enum(CLOSURE_GROUNDS),
  ConferenceDecision: z.enum(CONFERENCE_DECISIONS),
  TaskStatus: z.enum(TASK_STATUSES),
  DeclineReason: z.enum(DECLINE_REASONS),
  EligibilityRoute: z.enum(ELIGIBILITY_ROUTES),
  DifficultyCause: z.enum(DIFFICULTY_CAUSES),
}));
