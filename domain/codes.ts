/**
 * The coded vocabularies of integrated care, named once. Pure data: safe to import from workflow code.
 * Legal anchors are in ../../shared/domain.md (Act Arts. 10-14, Rule Arts. 7-11, Decree Art. 2).
 */
import { z } from 'zod';

/** The five care domains. A tag, not a hierarchy (the Act files housing under daily care). */
export const CARE_DOMAINS = ['medical', 'health', 'longTermCare', 'dailyCare', 'housing'] as const;
export const CareDomain = z.enum(CARE_DOMAINS);
export type CareDomain = z.infer<typeof CareDomain>;

export const ROLES = ['caseworker', 'supervisor', 'provider', 'assessor', 'system'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who applied (Act Art. 10): the person, a relative, a guardian, staff with consent, or ex officio. */
export const APPLICANT_TYPES = ['self', 'relative', 'guardian', 'agencyStaff', 'exOfficio'] as const;
export const ApplicantType = z.enum(APPLICANT_TYPES);
export type ApplicantType = z.infer<typeof ApplicantType>;

/** The kind of institution whose staff may apply on the person's behalf, with their consent. */
export const AGENCY_KINDS = ['dischargingHospital', 'careFacility', 'careAgency'] as const;
export const AgencyKind = z.enum(AGENCY_KINDS);
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
export const ExOfficioGround = z.enum(EX_OFFICIO_GROUNDS);
export type ExOfficioGround = z.infer<typeof ExOfficioGround>;

/** The five closure grounds (Rule Art. 11). */
export const CLOSURE_GROUNDS = [
  'death',
  'admittedToInstitution',
  'supportNoLongerNeeded',
  'refuses',
  'otherMinistryRecognised',
] as const;
export const ClosureGround = z.enum(CLOSURE_GROUNDS);
export type ClosureGround = z.infer<typeof ClosureGround>;

/** Support-conference decisions (통합지원회의). */
export const CONFERENCE_DECISIONS = ['approve', 'change', 'close'] as const;
export const ConferenceDecision = z.enum(CONFERENCE_DECISIONS);
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
export const TaskStatus = z.enum(TASK_STATUSES);
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
export const DeclineReason = z.enum(DECLINE_REASONS);
export type DeclineReason = z.infer<typeof DeclineReason>;

/** Recognised-vulnerability routes of Decree Art. 2. */
export const ELIGIBILITY_ROUTES = ['aged65Plus', 'severeDisability', 'districtRecognised'] as const;
export const EligibilityRoute = z.enum(ELIGIBILITY_ROUTES);
export type EligibilityRoute = z.infer<typeof EligibilityRoute>;

/** Causes of the difficulty in daily life named by Decree Art. 2. */
export const DIFFICULTY_CAUSES = ['frailty', 'disability', 'illness', 'accident'] as const;
export const DifficultyCause = z.enum(DIFFICULTY_CAUSES);
export type DifficultyCause = z.infer<typeof DifficultyCause>;
