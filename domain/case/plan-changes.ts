/**
 * What approving a plan does to the referrals already running (Rule Art. 9: a revised plan goes through the
 * same conference): a line that is new, or whose service changed, gets a new referral (the old one, if still
 * open, is cancelled); a line whose quantity or period changed amends its open referral; a line the plan
 * dropped cancels its open referral. Pure: the order of the changes is the order of the commands.
 */
import { isOpenTaskStatus } from '../referral/referral-lifecycle';
import type { ServiceLine } from './case-inputs';
import type { ReferralSummary } from './case-state';

export type PlanChange =
  | { kind: 'start'; line: ServiceLine; cancel?: string }
  | { kind: 'amend'; referralId: string; line: ServiceLine }
  | { kind: 'cancel'; referralId: string };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function planChanges(
  previous: readonly ServiceLine[],
  next: readonly ServiceLine[],
  referrals: Readonly<Record<string, ReferralSummary>>,
): PlanChange[] {
  const before = new Map(previous.map((l) => [l.lineId, l]));
  const after = new Set(next.map((l) => l.lineId));
  const openFor = (lineId: string) => Object.values(referrals).find((r) => r.lineId === lineId && isOpenTaskStatus(r.status));
  const changes: PlanChange[] = [];
  for (const line of next) {
    const was = before.get(line.lineId);
    const open = openFor(line.lineId);
    if (!open || (was && was.serviceCode !== line.serviceCode)) {
      changes.push({ kind: 'start', line, ...(open ? { cancel: open.referralId } : {}) });
    } else if (!same(was?.quantity, line.quantity) || !same(was?.period, line.period)) {
      changes.push({ kind: 'amend', referralId: open.referralId, line });
    }
  }
  for (const lineId of before.keys()) {
    const open = openFor(lineId);
    if (!after.has(lineId) && open) changes.push({ kind: 'cancel', referralId: open.referralId });
  }
  return changes;
}
