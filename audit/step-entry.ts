/**
 * The audit entry of a case or referral step, derived from the step's own event on the case topic: one message a
 * step instead of the event and a separate audit record (docs/performance.md, 2026-12-03). The worker seals the
 * event (activities/publish-event.ts `audited`); the consumer checks the seal before it derives anything.
 *
 * A case event names its step by its type (domain/vocabulary.ts CASE_EVENT_TYPES) and carries the step's coded
 * details; a referral's status change names it in `action` and carries them in `step`
 * (events/schemas/case-lifecycle.ts). The entry is the one the step's audit record made before: the target, the
 * step, who, when, and `{ status, step }` as details. Its id is keyed (privacy/audit-seal.ts), like every audit
 * record's, and the same event gives the same id, so a redelivery appends nothing.
 */
import { z } from 'zod';
import { CASE_EVENT_TYPES, REFERRAL_STATUS_CHANGED_TYPE, type CaseEventKind } from '../domain/vocabulary';
import { auditEntryProblem } from './audit-store';
import type { AuditEntryInput } from './chain';
import { parseRecord, schemaProblem } from './record-json';

const KIND_OF_TYPE = new Map(Object.entries(CASE_EVENT_TYPES).map(([kind, type]) => [type as string, kind as CaseEventKind]));

const Text = z.string().min(1).max(256);
const Details = z.record(z.string(), z.unknown());

const StepEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  type: Text,
  time: z.iso.datetime({ offset: true }),
  actorrole: Text,
  actorid: Text,
  data: z.object({ caseId: Text, status: Text }).loose(),
});

const CaseStepData = z.object({ details: Details });
const ReferralStepData = z.object({ referralId: Text, action: Text, step: Details });

/** Parses a sealed step event into its audit entry, or says why it cannot be one. `entryId` keys the entry's id. */
export function auditEntryFromStepEvent(
  value: Buffer | null,
  entryId: (eventId: string) => string,
): { ok: true; entry: AuditEntryInput } | { ok: false; problem: string } {
  const envelope = parseRecord(value, StepEnvelope);
  if (!envelope.ok) return envelope;
  const { id, type, time, actorrole, actorid, data } = envelope.data;
  const common = { eventId: entryId(id), caseId: data.caseId, access: 'write' as const, actorRole: actorrole, actorId: actorid, at: time };
  let entry: AuditEntryInput;
  const kind = KIND_OF_TYPE.get(type);
  if (kind) {
    const step = CaseStepData.safeParse(data);
    if (!step.success) return { ok: false, problem: schemaProblem(step.error, 'data') };
    entry = { ...common, target: data.caseId, action: kind, details: { status: data.status, step: step.data.details } };
  } else if (type === REFERRAL_STATUS_CHANGED_TYPE) {
    const step = ReferralStepData.safeParse(data);
    if (!step.success) return { ok: false, problem: schemaProblem(step.error, 'data') };
    entry = { ...common, target: step.data.referralId, action: step.data.action, details: { status: data.status, step: step.data.step } };
  } else {
    return { ok: false, problem: `type: ${type} is not a step event` };
  }
  const problem = auditEntryProblem(entry);
  return problem ? { ok: false, problem } : { ok: true, entry: { ...entry, sourceIp: null } };
}
