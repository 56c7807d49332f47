/**
 * What one record of the case-events topic says for the lists: a case row (a case step's event, or a listing
 * change, with the case's listing: events/schemas/case-lifecycle.ts `CaseListingFactsV1`), a referral row (a
 * referral's status event with its `seq`), or nothing (events of runs before the listing projection, other
 * records), read with the contract's own field schemas. Pure.
 */
import { z } from 'zod';
import { CASE_EVENT_TYPES, CASE_LISTING_CHANGED_TYPE, REFERRAL_STATUS_CHANGED_TYPE } from '../domain/vocabulary';
import type { CaseListingRow, ReferralListingRow } from '../domain/listing/case-listing';
import { CaseId, DistrictCode, DongCode, IsoDateTime, ProviderId, ReferralId, Seq, ServiceCode } from '../events/schemas/common';
import { CaseListingFactsV1 } from '../events/schemas/case-lifecycle';
import { TaskStatus } from '../domain/codes';

export type ListingRecord =
  | { kind: 'case'; row: CaseListingRow }
  | { kind: 'referral'; row: ReferralListingRow }
  | { kind: 'none'; why: 'no-listing' | 'invalid' | 'other-type'; detail?: string };

const iso = (t: string) => new Date(t).toISOString();

/** The types whose data carries a case's listing. */
const CASE_TYPES: ReadonlySet<string> = new Set([...Object.values(CASE_EVENT_TYPES), CASE_LISTING_CHANGED_TYPE]);

/**
 * Only the fields the lists take, with the contract's own field schemas (events/schemas/): the publisher checked
 * the whole event against the contract before it left (activities/publish-event.ts `outboundEnvelope`), and the
 * topic takes only the worker's writes (events/kafka-acls.ts), so the rest is not checked again here.
 */
const Envelope = z.object({ type: z.string(), time: IsoDateTime, data: z.object({}).loose() });
const CaseData = z.object({
  caseId: CaseId,
  seq: Seq,
  status: z.string().min(1).max(64),
  districtCode: DistrictCode,
  dongCode: DongCode,
  listing: CaseListingFactsV1.optional(),
});
const ReferralData = z.object({
  referralId: ReferralId,
  caseId: CaseId,
  seq: Seq.optional(),
  status: TaskStatus,
  providerId: ProviderId.optional(),
  escalated: z.boolean(),
  respondBy: IsoDateTime.optional(),
  serviceCode: ServiceCode,
});

const problem = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

export function listingRecordOf(value: Buffer | null | undefined): ListingRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value?.toString() ?? '');
  } catch {
    return { kind: 'none', why: 'invalid', detail: 'not JSON' };
  }
  const envelope = Envelope.safeParse(parsed);
  if (!envelope.success) return { kind: 'none', why: 'invalid', detail: problem(envelope.error) };
  const { type, time, data } = envelope.data;
  if (type === REFERRAL_STATUS_CHANGED_TYPE) {
    const r = ReferralData.safeParse(data);
    if (!r.success) return { kind: 'none', why: 'invalid', detail: problem(r.error) };
    const d = r.data;
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
        createdAt: iso(time),
      },
    };
  }
  if (!CASE_TYPES.has(type)) return { kind: 'none', why: 'other-type' };
  const c = CaseData.safeParse(data);
  if (!c.success) return { kind: 'none', why: 'invalid', detail: problem(c.error) };
  const d = c.data;
  if (!d.listing) return { kind: 'none', why: type === CASE_LISTING_CHANGED_TYPE ? 'invalid' : 'no-listing' };
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
