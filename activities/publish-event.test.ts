/** Outbound events are checked against the public contract before they are sent. */
import { ApplicationFailure } from '@temporalio/common';
import { exampleEnvelope } from '../events/schemas/define';
import { EVENT_CATALOGUE } from '../events/schemas/registry';
import { ERR_INVALID_EVENT } from '../domain/failures';
import { topicNames } from '../events/topics';
import type { EventProducer } from '../platform/durable-producer';
import { AUDIT_SEAL_HEADER, type AuditSealer } from '../privacy/audit-seal';
import { createPublishEventActivities, outboundEnvelope, type PublishEventInput } from './publish-event';

function inputFrom(direction: 'outbound' | 'inbound'): PublishEventInput {
  const entry = EVENT_CATALOGUE.find((e) => e.direction === direction && e.channel !== 'audit')!;
  const e = exampleEnvelope(entry);
  return {
    eventKey: `test/${e.type}`,
    destination: { stream: 'caseEvents' },
    partitionKey: e.subject,
    type: e.type,
    subject: e.subject,
    time: e.time,
    actorrole: e.actorrole,
    actorid: e.actorid,
    data: e.data,
  };
}

function refusal(input: PublishEventInput): ApplicationFailure {
  try {
    outboundEnvelope(input);
  } catch (err) {
    return err as ApplicationFailure;
  }
  throw new Error('expected a refusal');
}

describe('outboundEnvelope', () => {
  it('passes an event of the contract', () => {
    const input = inputFrom('outbound');
    expect(outboundEnvelope(input)).toMatchObject({ type: input.type, data: input.data });
  });

  it('refuses, without retry, data the schema does not name: no personal field slips into an event', () => {
    const input = inputFrom('outbound');
    const err = refusal({ ...input, data: { ...(input.data as object), rrn: '480312-2123456' } });
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err.type).toBe(ERR_INVALID_EVENT);
    expect(err.nonRetryable).toBe(true);
    expect(err.message).toMatch(/schema-violation/);
  });

  it('refuses an inbound (provider) type and an unknown type', () => {
    expect(refusal(inputFrom('inbound')).message).toMatch(/unknown-type/);
    expect(refusal({ ...inputFrom('outbound'), type: 'kr.dolbom.made.up.v1' }).message).toMatch(/unknown-type/);
  });
});

describe('publishEvents with companions', () => {
  const topics = topicNames('t.');
  const sealer = { eventId: (k: string) => `audit-${k}`, seal: () => 'seal' } as unknown as AuditSealer;
  const state = { key: 'case-1', value: Buffer.from('state'), headers: {} };

  function recordingProducer(failFirst: boolean) {
    const sent: { topic: string; keys: (string | null | undefined)[]; sealed?: boolean[] }[][] = [];
    let calls = 0;
    const producer = {
      sendBatch: async (b: { topicMessages?: { topic: string; messages: { key?: string | null }[] }[] }) => {
        calls += 1;
        if (failFirst && calls === 1) throw new Error('refused');
        sent.push(
          (b.topicMessages ?? []).map((t) => ({
            topic: t.topic,
            keys: t.messages.map((m) => m.key as string),
            ...(t.topic === topics.caseEvents
              ? { sealed: t.messages.map((m) => !!(m as { headers?: Record<string, string> }).headers?.[AUDIT_SEAL_HEADER]) }
              : {}),
          })),
        );
      },
    } as unknown as EventProducer;
    return { producer, sent };
  }

  it("sends the case's waiting state in the same request as its events", async () => {
    const k = recordingProducer(false);
    const restore = jest.fn();
    const take = jest.fn(async (caseId: string) =>
      caseId === 'case-1' ? { topic: topics.caseState, messages: [state], restore } : undefined,
    );
    const { publishEvents } = createPublishEventActivities({ producer: k.producer, topics, auditSealer: sealer, companions: { take } });
    const input = { ...inputFrom('outbound'), partitionKey: 'case-1' };
    await publishEvents([input]);
    expect(take).toHaveBeenCalledWith('case-1');
    expect(k.sent).toEqual([
      [
        { topic: topics.caseEvents, keys: ['case-1'], sealed: [false] },
        { topic: topics.caseState, keys: ['case-1'] },
      ],
    ]);
    expect(restore).not.toHaveBeenCalled();
  });

  it('gives the state back and sends the events alone when the request with it fails', async () => {
    const k = recordingProducer(true);
    const restore = jest.fn();
    const companions = { take: async () => ({ topic: topics.caseState, messages: [state], restore }) };
    const { publishEvents } = createPublishEventActivities({ producer: k.producer, topics, auditSealer: sealer, companions });
    await publishEvents([{ ...inputFrom('outbound'), partitionKey: 'case-1' }]);
    expect(restore).toHaveBeenCalledTimes(1);
    expect(k.sent).toEqual([[{ topic: topics.caseEvents, keys: ['case-1'], sealed: [false] }]]);
  });

  it("seals a step's event that is its own audit record, and only that one", async () => {
    const k = recordingProducer(false);
    const { publishEvents } = createPublishEventActivities({ producer: k.producer, topics, auditSealer: sealer });
    const plain = { ...inputFrom('outbound'), partitionKey: 'case-1' };
    await publishEvents([plain, { ...plain, eventKey: 'test/audited', audited: true }]);
    expect(k.sent).toEqual([[{ topic: topics.caseEvents, keys: ['case-1', 'case-1'], sealed: [false, true] }]]);
  });
});
