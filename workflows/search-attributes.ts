/**
 * Typed keys of the custom search attributes (registered by infra/up.sh from search-attributes.json). Runs
 * started from 2026-12-04 on keep only what they are and where (workflows/case/case-search-attributes.ts
 * IDENTITY_ATTRIBUTES); the lists read the listing projection (listing/). Runs before keep them all current.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA = {
  kind: defineSearchAttributeKey('DolbomKind', SearchAttributeType.KEYWORD),
  caseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  district: defineSearchAttributeKey('District', SearchAttributeType.KEYWORD),
  dong: defineSearchAttributeKey('Dong', SearchAttributeType.KEYWORD),
  overdue: defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL),
  escalationOpen: defineSearchAttributeKey('EscalationOpen', SearchAttributeType.BOOL),
  nextDeadline: defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME),
  openReferrals: defineSearchAttributeKey('OpenReferrals', SearchAttributeType.INT),
  caseId: defineSearchAttributeKey('CaseId', SearchAttributeType.KEYWORD),
  referralStatus: defineSearchAttributeKey('ReferralStatus', SearchAttributeType.KEYWORD),
  providerId: defineSearchAttributeKey('ProviderId', SearchAttributeType.KEYWORD),
  serviceCode: defineSearchAttributeKey('ServiceCode', SearchAttributeType.KEYWORD),
  careDomain: defineSearchAttributeKey('CareDomain', SearchAttributeType.KEYWORD),
  assignedCaseworker: defineSearchAttributeKey('AssignedCaseworker', SearchAttributeType.KEYWORD),
} as const;
