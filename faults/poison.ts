/**
 * Messages that once stopped the bridge for good (issue: "the bridge never stops on a message"), each of which
 * must now end on the dead-letter topic with its reason while valid answers behind it are applied:
 * - a well-formed response naming a running workflow that is not a referral (a case id), one per partition;
 * - bad responses compressed with each codec a provider's client may use (through kcat);
 * - a 2 MB body that gzip makes small enough for the broker, too large to copy whole to the dead-letter topic.
 */
import { randomUUID } from 'node:crypto';
import { providerResponseMessage } from '../simulator/provider-response';
import type { BadMessage } from './bad-messages';

/** A response that names a case id as its referral: valid in shape, refused by the workflow it reaches. */
export function notAReferral(caseIds: string[], partitions: number, providerId: string): (BadMessage & { partition: number })[] {
  return Array.from({ length: partitions }, (_, partition) => {
    const caseId = caseIds[partition % caseIds.length]!;
    const m = providerResponseMessage({
      requestEventId: `poison-${randomUUID()}`,
      referralId: caseId,
      providerId,
      attempt: 1,
      report: 'accepted',
      occurredAt: new Date().toISOString(),
    });
    return { ...m, partition, reason: 'not-a-referral' as const };
  });
}

const PROVIDER = 'prv-11110-hc-01';

/** Bad responses that compress well (so the producer's codec really applies), each distinct. */
export function compressibleBadMessages(referralId: string, tag: string): BadMessage[] {
  const filler = 'compressible '.repeat(200);
  return [
    { key: referralId, value: `{not json ${tag} ${randomUUID()} ${filler}`, reason: 'invalid-json' },
    {
      key: referralId,
      // A provider's envelope with a field the contract does not name (and no occurredAt): refused by its schema.
      value: JSON.stringify({
        specversion: '1.0',
        id: `${tag}-${randomUUID()}`,
        source: `urn:dolbom:provider:${PROVIDER}`,
        type: 'kr.dolbom.provider.accepted.v1',
        subject: referralId,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        dataschema: 'urn:dolbom:schema:provider.accepted.v1',
        actorrole: 'provider-system',
        actorid: PROVIDER,
        data: { referralId, providerId: PROVIDER, note: filler },
      }),
      reason: 'schema-violation',
    },
  ];
}

/** A body of about 2 MB that gzip shrinks to a few KB: accepted by the broker, over every limit once read. */
export function twoMegabyteBody(referralId: string): BadMessage {
  return { key: referralId, value: JSON.stringify({ id: randomUUID(), pad: 'x'.repeat(2 * 1024 * 1024) }), reason: 'oversized' };
}
