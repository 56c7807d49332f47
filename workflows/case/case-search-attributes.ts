/**
 * The search attributes a case keeps current (workflows/search-attributes.ts), which the caseload and the
 * supervisor's lists query: status, area, overdue and escalated flags, open referrals and the next deadline.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseState } from '../../domain/case/case-state';
import { isOpenTaskStatus } from '../../domain/referral/referral-lifecycle';
import { SA } from '../search-attributes';
import { ownDeadlines } from '../../domain/listing/case-listing';

export function caseSearchAttributes(state: CaseState, monitoringOverdueAt: string | undefined): SearchAttributeUpdatePair[] {
  const open = Object.values(state.referrals).filter((r) => isOpenTaskStatus(r.status));
  const deadlines = [...ownDeadlines(state, monitoringOverdueAt), ...open.map((r) => r.respondBy)].filter((d): d is string => !!d).sort();
  return [
    { key: SA.kind, value: 'case' },
    { key: SA.caseStatus, value: state.status },
    { key: SA.district, value: state.districtCode },
    { key: SA.dong, value: state.dongCode },
    // Cases opened before ownership (domain/case/ownership-steps.ts) keep the attributes they had until reassigned.
    ...(state.assignedCaseworkerId !== undefined ? [{ key: SA.assignedCaseworker, value: state.assignedCaseworkerId }] : []),
    { key: SA.overdue, value: state.monitoring.overdue },
    { key: SA.escalationOpen, value: state.escalations.some((e) => !e.resolvedAt) },
    { key: SA.openReferrals, value: open.length },
    // A case with no deadline left (closed, or nothing awaited) shows none, not the last one it had.
    { key: SA.nextDeadline, value: deadlines[0] ? new Date(deadlines[0]) : null },
  ];
}

/**
 * What a case started from 2026-12-04 on keeps in Temporal's visibility: what it is and where, not what changes with
 * its steps (the lists read the listing projection: domain/listing/case-listing.ts).
 */
export const IDENTITY_ATTRIBUTES: ReadonlySet<string> = new Set([SA.kind.name, SA.district.name, SA.dong.name]);

/** What a run last upserted: each key's value as JSON, by the key's name. */
export type UpsertedSearchAttributes = ReadonlyMap<string, string>;

/**
 * The pairs whose value differs from what the run last upserted, and the record after upserting them. Every
 * upsert is a history event and a write to Temporal's visibility store, and a case recomputes its attributes after
 * each step and each referral notice, most of them unchanged (docs/performance.md).
 */
export function searchAttributeChanges(
  pairs: SearchAttributeUpdatePair[],
  upserted: UpsertedSearchAttributes,
): { changed: SearchAttributeUpdatePair[]; upserted: UpsertedSearchAttributes } {
  const next = new Map(upserted);
  const changed = pairs.filter((p) => {
    const value = JSON.stringify(p.value);
    if (upserted.get(p.key.name) === value) return false;
    next.set(p.key.name, value);
    return true;
  });
  return { changed, upserted: changed.length > 0 ? next : upserted };
}
