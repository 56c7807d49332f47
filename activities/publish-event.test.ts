/** Outbound events are checked against the public contract before they are sent. */
import { ApplicationFailure } from '@temporalio/common';
import { exampleEnvelope } from '../events/schemas/define';
import { EVENT_CATALOGUE } from '../events/schemas/registry';
import { ERR_INVALID_EVENT } from '../domain/failures';
import { outboundEnvelope, type PublishEventInput } from './publish-event';

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
