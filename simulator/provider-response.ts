/**
 * Builds a provider response exactly as a provider's own system would, from the public contract only
 * (docs/events.md, events/asyncapi/asyncapi.json): one CloudEvents JSON object, keyed by referral id.
 */
import type { DeclineReason } from '../domain/codes';
import { dataschemaFor } from '../events/envelope';
import { PROVIDER_RESPONSE_TYPES } from '../events/schemas/provider-responses';

export type SimulatedReport = keyof typeof PROVIDER_RESPONSE_TYPES;

export interface ResponseInput {
  /** The id of the request event answered: the response id derives from it, so a resend is the same event. */
  requestEventId: string;
  referralId: string;
  providerId: string;
  attempt?: number;
  report: SimulatedReport;
  declineReason?: DeclineReason;
  occurredAt: string;
}

export function providerResponseMessage(r: ResponseInput): { key: string; value: string; headers: Record<string, string> } {
  const type = PROVIDER_RESPONSE_TYPES[r.report];
  const event = {
    specversion: '1.0',
    id: `resp-${r.requestEventId}-${r.report}`,
    source: `urn:dolbom:provider:${r.providerId}`,
    type,
    subject: r.referralId,
    time: r.occurredAt,
    datacontenttype: 'application/json',
    dataschema: dataschemaFor(type),
    actorrole: 'provider-system',
    actorid: r.providerId,
    data: {
      referralId: r.referralId,
      providerId: r.providerId,
      ...(r.attempt ? { attempt: r.attempt } : {}),
      occurredAt: r.occurredAt,
      ...(r.report === 'rejected' ? { declineReason: r.declineReason ?? 'atCapacity' } : {}),
    },
  };
  return {
    key: r.referralId,
    value: JSON.stringify(event),
    headers: { ce_id: event.id, ce_type: type, ce_subject: r.referralId, 'content-type': 'application/cloudevents+json; charset=utf-8' },
  };
}
