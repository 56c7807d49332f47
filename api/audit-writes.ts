/**
 * A change to a case that the API makes itself, outside the workflows: today, a notice issued to the person
 * (api/services/notices.ts). A closed case's workflow has completed and takes no update, so the issuance is
 * recorded where the timeline is read from: an audit record (access 'write') on the audit stream, which the
 * hash-chained audit store appends. The caller returns once the record is acknowledged by all in-sync replicas.
 */
import { eventMessage } from '../activities/publish-event';
import type { CaseStatus } from '../domain/case/case-lifecycle';
import { AUDIT_EVENT_TYPE } from '../domain/vocabulary';
import type { AuditRecordedV1 } from '../events/schemas/audit';
import type { TopicNames } from '../events/topics';
import type { AuditSealer } from '../privacy/audit-seal';
import type { Principal } from './auth/principal';
import type { EventProducer } from '../platform/durable-producer';

export interface WriteAudit {
  caseId: string;
  target: string;
  /** A write action of events/schemas/audit.ts, e.g. `notice.issued`. */
  action: string;
  /** The case's status when it was written. */
  status: CaseStatus;
  /** The write's coded details (strict per kind in events/schemas/audit.ts). */
  step: NonNullable<Extract<AuditRecordedV1['details'], { status: unknown }>['step']>;
  /** When; also the record's time. */
  at: string;
  /** Makes a repeated record the same event (the store de-duplicates by event id). */
  key: string;
}

export function createWriteAuditor(producer: EventProducer, topics: TopicNames, auditSealer: AuditSealer) {
  return async (principal: Principal, write: WriteAudit): Promise<void> => {
    // Built and checked against the contract like every outbound event.
    const { message } = eventMessage(
      topics,
      {
        eventKey: `${write.caseId}/write/${write.key}`,
        destination: { stream: 'audit' },
        partitionKey: write.caseId,
        type: AUDIT_EVENT_TYPE,
        subject: write.target,
        time: write.at,
        actorrole: principal.role,
        actorid: principal.sub,
        data: {
          caseId: write.caseId,
          target: write.target,
          action: write.action,
          access: 'write',
          actorRole: principal.role,
          actorId: principal.sub,
          at: write.at,
          details: { status: write.status, step: write.step },
        },
      },
      auditSealer,
    );
    await producer.send({ topic: topics.audit, acks: -1, messages: [message] });
  };
}
