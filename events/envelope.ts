/**
 * The one envelope every Dolbom event travels in: CloudEvents 1.0 (structured JSON mode), plus two extension
 * attributes naming the acting party. Data schemas are versioned; the version is the last part of `type`.
 */
import { z } from 'zod';
import { ROLES } from '../domain/codes';

export const EVENT_SOURCE = 'urn:dolbom:seoul';
export const DATASCHEMA_BASE = 'urn:dolbom:schema:';

export const ActorRole = z.enum([...ROLES, 'provider-system']);
export type ActorRole = z.infer<typeof ActorRole>;

/** Envelope attributes without data; `data` is checked against the schema its `type` names. */
export const EnvelopeAttributes = z.strictObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  source: z.string().min(1).max(256),
  type: z.string().regex(/^kr\.dolbom\.[a-z]+(\.[a-zA-Z-]+)*\.v\d+$/, 'expected kr.dolbom.<noun>.<verb>.v<N>'),
  subject: z.string().min(1).max(128),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  dataschema: z.string().startsWith(DATASCHEMA_BASE),
  actorrole: ActorRole,
  actorid: z.string().min(1).max(128),
});
export type EnvelopeAttributes = z.infer<typeof EnvelopeAttributes>;

export interface Envelope<D = unknown> extends EnvelopeAttributes {
  data: D;
}

export function dataschemaFor(type: string): string {
  return `${DATASCHEMA_BASE}${type.replace(/^kr\.dolbom\./, '')}`;
}
