/**
 * Full-envelope schemas per event type: the CloudEvents 1.0 attributes of events/envelope.ts, narrowed for
 * one type (its `type` and `dataschema` are constants) and described for the published documents.
 */
import { z } from 'zod';
import { Role } from '../../domain/codes';
import { dataschemaFor, EnvelopeAttributes, EVENT_SOURCE } from '../envelope';
import { ProviderId, ReferralId } from './common';

const A = EnvelopeAttributes.shape;

/** The attribute descriptions shared by every envelope. */
const described = {
  specversion: A.specversion.describe('CloudEvents version: always `1.0`.'),
  id: A.id.describe(
    'Event id (1-128 characters). Deterministic: the same business step always carries the same id, so a redelivered or republished event has the id you already processed. De-duplicate by it.',
  ),
  time: A.time.describe('When the step happened (RFC 3339 with offset).'),
  datacontenttype: A.datacontenttype.describe('Always `application/json`.'),
};

/** Envelope of an event Dolbom publishes. */
export function outboundEnvelopeSchema(type: string, data: z.ZodType, subjectDescription: string) {
  return EnvelopeAttributes.extend({
    ...described,
    source: z.literal(EVENT_SOURCE).describe('Always `urn:dolbom:seoul`.'),
    type: z.literal(type).describe('Event type; the last part is the version of the data schema.'),
    subject: A.subject.describe(subjectDescription),
    dataschema: z.literal(dataschemaFor(type)).describe('Names the data schema of this type and version.'),
    actorrole: Role.describe(
      'Role of who caused the step: `system` for timers and automatic steps; staff roles for people; `provider` for a provider report applied.',
    ),
    actorid: A.actorid.describe('Id of who caused the step (`dolbom` for the system, a staff id, or a provider id).'),
    data,
  }).meta({ title: type });
}

/** Envelope of an event a provider publishes: the actor is the provider's system, the subject its referral. */
export function inboundEnvelopeSchema(type: string, data: z.ZodType) {
  return EnvelopeAttributes.extend({
    ...described,
    id: A.id.describe(
      'Your event id (1-128 characters; a UUID is best). Make it deterministic per report: a retried send must carry the same id (Dolbom applies an id once), a different report must carry a different id.',
    ),
    source: A.source.describe('Your system, as a URI reference; recommended `urn:dolbom:provider:<providerId>`.'),
    type: z.literal(type).describe('Event type; the last part is the version of the data schema.'),
    subject: ReferralId.describe('The referral id; must equal `data.referralId` (and the Kafka key).'),
    dataschema: z.literal(dataschemaFor(type)).describe('Names the data schema of this type and version.'),
    actorrole: z.literal('provider-system').describe('Always `provider-system`.'),
    actorid: ProviderId.describe('Your provider id; must equal `data.providerId`.'),
    data,
  }).meta({ title: type });
}
