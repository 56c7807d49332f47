/**
 * The burst of bad messages a fault run puts on the inbound topic while cases are in flight: malformed,
 * oversized and forged ones (each must end on the dead-letter topic, byte for byte, and change nothing), and
 * redeliveries of answers already applied (each must be ignored: neither dead-lettered nor applied twice).
 */
import { randomUUID } from 'node:crypto';
import type { DeadLetterReason } from '../events/schemas/dead-letter';
import { providerResponseMessage } from '../simulator/provider-response';
import type { LedgerEntry } from './verify';

export interface OutboundMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface BadMessage extends OutboundMessage {
  /** The refusal this message must get. */
  reason: DeadLetterReason;
}

type Envelope = Record<string, any>;

/** Bad messages built around a real referral and its provider, `copies` of each kind, every one distinct. */
export function badMessages(target: LedgerEntry & { requestEventId: string }, copies: number): BadMessage[] {
  const good = providerResponseMessage({
    requestEventId: target.requestEventId,
    referralId: target.referralId,
    providerId: target.providerId,
    attempt: target.attempt,
    report: 'accepted',
    occurredAt: new Date().toISOString(),
  });
  const variant = (reason: DeadLetterReason, patch: (e: Envelope) => void, key = target.referralId): BadMessage => {
    const e = JSON.parse(good.value) as Envelope;
    e.id = `forged-${randomUUID()}`;
    patch(e);
    return { key, value: JSON.stringify(e), headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' }, reason };
  };
  const forger = 'prv-11740-zz-99';
  const kinds: (() => BadMessage)[] = [
    () => ({ key: target.referralId, value: `{not json ${randomUUID()}`, reason: 'invalid-json' }),
    () => ({ key: target.referralId, value: JSON.stringify({ pad: 'x'.repeat(70 * 1024), id: randomUUID() }), reason: 'oversized' }),
    () => variant('schema-violation', (e) => delete e.data.occurredAt),
    () => variant('unknown-type', (e) => (e.type = 'kr.dolbom.provider.hacked.v1')),
    // Forged: another provider's system claims to speak for this referral's provider.
    () => variant('actor-mismatch', (e) => (e.actorid = forger)),
    () => variant('key-mismatch', () => undefined, `case-someone-else-${randomUUID().slice(0, 6)}`),
    // Forged: a well-formed answer from a provider the referral was never sent to.
    () =>
      variant('wrong-provider', (e) => {
        e.actorid = forger;
        e.data.providerId = forger;
        e.source = `urn:dolbom:provider:${forger}`;
      }),
    () =>
      variant(
        'unknown-referral',
        (e) => {
          const id = `case-nobody-${randomUUID().slice(0, 8)}-ref-L1`;
          e.subject = id;
          e.data.referralId = id;
        },
        '',
      ),
  ];
  const out: BadMessage[] = [];
  for (let i = 0; i < copies; i++) {
    for (const make of kinds) {
      const m = make();
      out.push(m.reason === 'unknown-referral' ? { ...m, key: JSON.parse(m.value).data.referralId } : m);
    }
  }
  return out;
}

/** Exact redeliveries of answers already given: the same event ids, so they must be ignored. */
export function redeliveries(answered: (LedgerEntry & { requestEventId: string })[]): OutboundMessage[] {
  return answered.map((a) =>
    providerResponseMessage({
      requestEventId: a.requestEventId,
      referralId: a.referralId,
      providerId: a.providerId,
      attempt: a.attempt,
      report: a.answer,
      occurredAt: new Date().toISOString(),
    }),
  );
}
