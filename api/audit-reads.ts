/**
 * Every read of case data becomes an audit event on the audit stream (kr.dolbom.audit.recorded.v1, access
 * 'read'), which the append-only audit store consumes. Each read is its own event.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Producer } from 'kafkajs';
import { eventMessage } from '../activities/publish-event';
import { AUDIT_EVENT_TYPE } from '../domain/vocabulary';
import type { TopicNames } from '../events/topics';
import type { Principal } from './auth/principal';
import type { ReadAudit } from './context';

export function createReadAuditor(producer: Producer, topics: TopicNames) {
  return async (principal: Principal, request: FastifyRequest, read: ReadAudit): Promise<void> => {
    const at = new Date().toISOString();
    // Built and checked against the contract like every outbound event; each read is its own event.
    const { topic, message } = eventMessage(topics, {
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
        details: { from: request.ip, route: request.routeOptions.url ?? request.url },
      },
    });
    await producer.send({ topic, acks: -1, messages: [message] });
  };
}
