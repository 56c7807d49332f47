/**
 * Every read of case data becomes an audit event on the audit stream (kr.dolbom.audit.recorded.v1, access
 * 'read'), which the append-only audit store consumes. Each read is its own event.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Producer } from 'kafkajs';
import { EVENT_SOURCE, dataschemaFor } from '../events/envelope';
import type { TopicNames } from '../events/topics';
import type { Principal } from './auth/principal';
import type { ReadAudit } from './context';

const TYPE = 'kr.dolbom.audit.recorded.v1';

export function createReadAuditor(producer: Producer, topics: TopicNames) {
  return async (principal: Principal, request: FastifyRequest, read: ReadAudit): Promise<void> => {
    const at = new Date().toISOString();
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: EVENT_SOURCE,
      type: TYPE,
      subject: read.caseId,
      time: at,
      datacontenttype: 'application/json',
      dataschema: dataschemaFor(TYPE),
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
    };
    await producer.send({
      topic: topics.audit,
      acks: -1,
      messages: [{ key: read.caseId, value: JSON.stringify(event), headers: { ce_id: event.id, ce_type: TYPE, ce_subject: read.caseId } }],
    });
  };
}
