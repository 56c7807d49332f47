/**
 * What one record of the case-events topic says for the lists: a case row (a case step's event, or a listing
 * change, with the case's listing: events/schemas/case-lifecycle.ts `CaseListingFactsV1`), a referral row (a
 * referral's status event with its `seq`), or nothing (events of runs before the listing projection, other
 * records). Checked against the contract's own schemas (events/schemas/registry.ts). Pure.
 */
import { CASE_LISTING_CHANGED_TYPE, REFERRAL_STATUS_CHANGED_TYPE } from '../domain/vocabulary';
import type { CaseListingRow, ReferralListingRow } from '../domain/listing/case-listing';
import { validateEnvelope } from '../events/schemas/registry';
import type { CaseLifecycleDataV1, CaseListingChangedV1, ReferralStatusChangedV1 } from '../events/schemas/case-lifecycle';

export type ListingRecord =
  | { kind: 'case'; row: CaseListingRow }
  | { kind: 'referral'; row: ReferralListingRow }
  | { kind: 'none'; why: 'no-listing' | 'invalid' | 'other-type'; detail?: string };

const iso = (t: string) => new Date(t).toISOString();

export function listingRecordOf(value: Buffer | null | undefined): ListingRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value?.toString() ?? '');
  } catch {
    return { kind: 'none', why: 'invalid', detail: 'not JSON' };
  }
  const checked = validateEnvelope(parsed, { direction: 'outbound' });
  if (!checked.ok) return { kind: 'none', why: 'invalid', detail: checked.detail };
  const { event, entry } = checked;
  if (entry.channel !== 'caseEvents') return { kind: 'none', why: 'other-type' };
  if (event.type === REFERRAL_STATUS_CHANGED_TYPE) {
    const d = event.data as ReferralStatusChangedV1;
    if (d.seq === undefined) return { kind: 'none', why: 'no-listing' };
    return {
      kind: 'referral',
      row: {
        referralId: d.referralId,
        caseId: d.caseId,
        seq: d.seq,
        status: d.status,
        providerId: d.providerId ?? null,
        escalated: d.escalated,
        respondBy: d.respondBy ? iso(d.respondBy) : null,
        serviceCode: d.serviceCode,
        createdAt: iso(event.time),
      },
    };
  }
  const d = event.data as CaseLifecycleDataV1 | CaseListingChangedV1;
  if (!d.listing) return { kind: 'none', why: event.type === CASE_LISTING_CHANGED_TYPE ? 'invalid' : 'no-listing' };
  const l = d.listing;
  return {
    kind: 'case',
    row: {
      caseId: d.caseId,
      opened: iso(l.opened),
      seq: d.seq,
      status: d.status,
      districtCode: d.districtCode,
      dongCode: d.dongCode,
      assignedCaseworkerId: l.assignedCaseworkerId ?? null,
      overdue: l.overdue,
      escalationOpen: l.escalationOpen,
      deadline: l.deadline ? iso(l.deadline) : null,
    },
  };
}
