/**
 * Every read of case data becomes an audit event on the audit stream (kr.dolbom.audit.recorded.v1, access
 * 'read'), which the append-only audit store consumes. Each read is its own event; the reads made in the same
 * turn of the event loop (a caseload page of 25 cases, concurrent requests) go to the broker in one request,
 * and each caller returns only once its own record is acknowledged by all in-sync replicas.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { eventMessage, type EventMessage } from '../activities/publish-event';
import { AUDIT_EVENT_TYPE } from '../domain/vocabulary';
import type { TopicNames } from '../events/topics';
import type { AuditSealer } from '../privacy/audit-seal';
import type { ReadAudit, Reader } from './context';
import type { EventProducer } from '../platform/durable-producer';

export function createReadAuditor(producer: EventProducer, topics: TopicNames, auditSealer: AuditSealer) {
  let queued: { message: EventMessage['message']; done: (err?: unknown) => void }[] = [];
  const send = async () => {
    const batch = queued;
    queued = [];
    try {
      await producer.send({ topic: topics.audit, acks: -1, messages: batch.map((b) => b.message) });
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  };
  return async (principal: Reader, request: FastifyRequest, read: ReadAudit): Promise<void> => {
    const at = new Date().toISOString();
    // Built and checked against the contract like every outbound event; each read is its own event.
    const { message } = eventMessage(
      topics,
      {
        eventKey: `${read.caseId}/read/${randomUUID()}`,
        destination: { stream: 'audit' },
        partitionKey: read.caseId,
        type: AUDIT_EVENT_TYPE,
        subject: read.target,
        time: at,
        actorrole: principal.role,
        actorid: principal.sub,
        data: {
          caseId: read.caseId,
          target: read.target,
          action: read.action,
          access: 'read',
          actorRole: principal.role,
          actorId: principal.sub,
          at,
          details: {
            from: request.ip,
            route: request.routeOptions.url ?? request.url,
            ...(read.payloads === undefined ? {} : { payloads: read.payloads }),
          },
        },
      },
      auditSealer,
    );
    await new Promise<void>((resolve, reject) => {
      if (queued.length === 0) setImmediate(() => void send());
      queued.push({ message, done: (err) => (err ? reject(err as Error) : resolve()) });
    });
  };
}
