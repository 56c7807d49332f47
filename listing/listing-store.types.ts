/**
 * The listing projection's store: what the lists read instead of Temporal's visibility store (docs/performance.md,
 * 2026-12-04 morning). Two tables in the API's database (PGlite embedded, PostgreSQL in production): one row a
 * case and one a referral, each replaced only by a newer one (domain/listing/case-listing.ts), fed by the listing
 * consumer (listing/listing-consumer.ts) from the case-events topic.
 */
import type { TaskStatus } from '../domain/codes';
import type { CaseListing, CaseListingRow, ReferralListingRow } from '../domain/listing/case-listing';

export type CaseSort = 'opened' | 'due' | 'status';

/** Which cases: every filter given must hold. */
export interface CaseQuery {
  dongs?: readonly string[];
  districts?: readonly string[];
  status?: string;
  notStatus?: string;
  overdue?: boolean;
  escalationOpen?: boolean;
  assignedCaseworkerId?: string;
  /** The case's next deadline (its own or an awaited referral decision's) is at or before this instant (ISO). */
  dueBy?: string;
}

export interface CasePageQuery extends CaseQuery {
  /** Default `opened`: newest first. `due`: earliest next deadline first, none last. `status`: the lifecycle's order. */
  sort?: CaseSort;
  offset: number;
  limit: number;
}

/** Which referrals of a provider: the statuses, and optionally a window on `respondBy` (after < respondBy <= by). */
export interface ReferralQuery {
  providerId: string;
  statuses: readonly TaskStatus[];
  respondAfter?: string;
  respondBy?: string;
  offset: number;
  limit: number;
}

/** A referral as a provider list shows it: its row, with its case's dong. */
export interface ReferralListing extends ReferralListingRow {
  dongCode: string | null;
}

export interface DongCounts {
  dongCode: string;
  open: number;
  overdue: number;
  escalated: number;
}

export interface ListingUpdates {
  cases: readonly CaseListingRow[];
  referrals: readonly ReferralListingRow[];
}

export interface ListingStore {
  /** Writes each row unless the one held is as new or newer; one transaction for the lot. Idempotent. */
  apply(updates: ListingUpdates): Promise<void>;
  /** Newest first by default; `offset`/`limit` page it. */
  cases(q: CasePageQuery): Promise<CaseListing[]>;
  countCases(q: CaseQuery): Promise<number>;
  /** Open (not closed) cases of a district by dong: how many, how many overdue, how many with an open escalation. */
  dongCounts(districtCode: string): Promise<DongCounts[]>;
  /** Newest first. */
  referrals(q: ReferralQuery): Promise<ReferralListing[]>;
  case(caseId: string): Promise<CaseListing | undefined>;
}
