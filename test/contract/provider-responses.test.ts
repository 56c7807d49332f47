/**
 * parseProviderResponse on hand-written messages, as a provider developer would write them from docs/events.md.
 */
import { ProviderReportInput } from '../../workflows/referral/referral.messages';
import { DEAD_LETTER_REASONS, MAX_INBOUND_BYTES } from '../../events/schemas/dead-letter';
import {
  parseProviderResponse,
  PROVIDER_RESPONSE_TYPES,
  REPORT_BY_TYPE,
  type ProviderResponseType,
} from '../../events/schemas/provider-responses';

const REFERRAL = 'case-7f3a9c2e41b8-ref-L1-1';
const PROVIDER = 'prv-11110-lt-01';

/** A response exactly as the guide shows it. */
function message(type: string, data: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  const short = type.replace(/^kr\.dolbom\./, '');
  return {
    specversion: '1.0',
    id: '6f1c2a4e-5b7d-4c3e-9a1f-2b3c4d5e6f70',
    source: `urn:dolbom:provider:${PROVIDER}`,
    type,
    subject: REFERRAL,
    time: '2026-04-02T10:15:00+09:00',
    datacontenttype: 'application/json',
    dataschema: `urn:dolbom:schema:${short}`,
    actorrole: 'provider-system',
    actorid: PROVIDER,
    data: { referralId: REFERRAL, providerId: PROVIDER, attempt: 1, occurredAt: '2026-04-02T10:15:00+09:00', ...data },
    ...envelope,
  };
}
const bytes = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

function refused(result: ReturnType<typeof parseProviderResponse>) {
  if (result.ok) throw new Error('expected a refusal');
  expect(DEAD_LETTER_REASONS).toContain(result.reason);
  return result;
}

describe('accepted responses', () => {
  test('accepted, from a Buffer: the report the referral workflow takes', () => {
    const result = parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted)));
    expect(result).toMatchObject({ ok: true, event: { type: PROVIDER_RESPONSE_TYPES.accepted, subject: REFERRAL } });
    if (!result.ok) return;
    expect(result.report).toEqual({
      eventId: '6f1c2a4e-5b7d-4c3e-9a1f-2b3c4d5e6f70',
      providerId: PROVIDER,
      report: 'accepted',
      attempt: 1, // everything the bridge hands the referral, with no cast
      occurredAt: '2026-04-02T10:15:00+09:00',
    });
    expect(ProviderReportInput.parse(result.report)).toEqual(result.report);
  });

  test('rejected with a coded reason, from a string', () => {
    const result = parseProviderResponse(JSON.stringify(message(PROVIDER_RESPONSE_TYPES.rejected, { declineReason: 'outsideArea' })));
    expect(result).toMatchObject({ ok: true, report: { report: 'rejected', declineReason: 'outsideArea' } });
    if (result.ok) expect(ProviderReportInput.parse(result.report)).toEqual(result.report);
  });

  test('started maps to in-progress; attempt is optional', () => {
    const m = message(PROVIDER_RESPONSE_TYPES.started);
    delete (m.data as Record<string, unknown>).attempt;
    const result = parseProviderResponse(bytes(m));
    expect(result).toMatchObject({ ok: true, report: { report: 'in-progress', providerId: PROVIDER } });
  });

  test('changed carries its coded change; an empty change is dropped', () => {
    const change = {
      quantity: { amount: 2, unit: 'visit', per: 'week' },
      period: { start: '2026-04-06', end: '2026-08-05' },
      code: 'frequencyChanged',
    };
    const result = parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.changed, { change })));
    expect(result).toMatchObject({ ok: true, report: { report: 'changed', change } });
    if (result.ok) expect(ProviderReportInput.parse(result.report)).toEqual(result.report);
    const empty = parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.changed, { change: {} })));
    expect(empty.ok && empty.report.change).toBeUndefined();
  });

  test.each(Object.entries(REPORT_BY_TYPE))('%s maps to report %s', (type, report) => {
    const extra =
      type === PROVIDER_RESPONSE_TYPES.rejected
        ? { declineReason: 'atCapacity' }
        : type === PROVIDER_RESPONSE_TYPES.failed
          ? { failureCode: 'personUnreachable' }
          : {};
    const result = parseProviderResponse(bytes(message(type as ProviderResponseType, extra)));
    expect(result).toMatchObject({ ok: true, report: { report } });
    if (result.ok) expect(ProviderReportInput.safeParse(result.report).success).toBe(true);
  });

  test('with its Kafka key and matching headers', () => {
    const m = message(PROVIDER_RESPONSE_TYPES.accepted);
    const headers = {
      ce_id: Buffer.from(m.id),
      ce_type: m.type,
      ce_subject: Buffer.from(REFERRAL),
      'content-type': 'application/cloudevents+json; charset=utf-8',
    };
    expect(parseProviderResponse(bytes(m), { key: Buffer.from(REFERRAL), headers })).toMatchObject({ ok: true });
  });
});

describe('refused responses', () => {
  test('invalid JSON', () => {
    expect(refused(parseProviderResponse('{"specversion": "1.0",'))).toMatchObject({ reason: 'invalid-json' });
    expect(refused(parseProviderResponse(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))).toMatchObject({ reason: 'invalid-json' });
    expect(refused(parseProviderResponse('[1, 2]'))).toMatchObject({ reason: 'invalid-json' });
    expect(refused(parseProviderResponse('null'))).toMatchObject({ reason: 'invalid-json' });
  });

  test('unknown type, an unknown version, or an outbound type', () => {
    expect(refused(parseProviderResponse(bytes(message('kr.dolbom.provider.declined.v1'))))).toMatchObject({ reason: 'unknown-type' });
    expect(refused(parseProviderResponse(bytes(message('kr.dolbom.provider.accepted.v2'))))).toMatchObject({ reason: 'unknown-type' });
    expect(refused(parseProviderResponse(bytes(message('kr.dolbom.referral.requested.v1'))))).toMatchObject({ reason: 'unknown-type' });
    const noType = message(PROVIDER_RESPONSE_TYPES.accepted) as Record<string, unknown>;
    delete noType.type;
    expect(refused(parseProviderResponse(bytes(noType)))).toMatchObject({ reason: 'schema-violation' });
  });

  test('rejected without a declineReason, or with one not in the code list', () => {
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.rejected))))).toMatchObject({
      reason: 'schema-violation',
      detail: expect.stringContaining('data.declineReason'),
    });
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.rejected, { declineReason: 'tooBusy' }))))).toMatchObject({
      reason: 'schema-violation',
    });
  });

  test('an extra unknown field, in data or in the envelope', () => {
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { note: 'will call on Monday' }))))).toMatchObject(
      {
        reason: 'schema-violation',
        detail: expect.stringContaining('note'),
      },
    );
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { traceparent: '00-abc' }))))).toMatchObject({
      reason: 'schema-violation',
    });
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { declineReason: 'atCapacity' }))))).toMatchObject(
      { reason: 'schema-violation' },
    );
  });

  test('free text where a code belongs', () => {
    expect(
      refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.changed, { change: { code: 'moved to Tuesdays, knee pain' } })))),
    ).toMatchObject({ reason: 'schema-violation' });
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.failed, { failureCode: 'person died' }))))).toMatchObject({
      reason: 'schema-violation',
    });
  });

  test('actorid different from data.providerId', () => {
    expect(
      refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { actorid: 'prv-11110-lt-02' })))),
    ).toMatchObject({ reason: 'actor-mismatch' });
    expect(
      refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { providerId: 'prv-11110-lt-02' })))),
    ).toMatchObject({ reason: 'actor-mismatch' });
  });

  test('wrong actorrole', () => {
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { actorrole: 'provider' }))))).toMatchObject({
      reason: 'actor-mismatch',
    });
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { actorrole: 'supervisor' }))))).toMatchObject(
      { reason: 'actor-mismatch' },
    );
    const none = message(PROVIDER_RESPONSE_TYPES.accepted) as Record<string, unknown>;
    delete none.actorrole;
    expect(refused(parseProviderResponse(bytes(none)))).toMatchObject({ reason: 'actor-mismatch' });
  });

  test('oversized: more than 64 KiB, refused before parsing', () => {
    const padded = JSON.stringify(message(PROVIDER_RESPONSE_TYPES.accepted)) + ' '.repeat(MAX_INBOUND_BYTES);
    expect(refused(parseProviderResponse(padded))).toMatchObject({ reason: 'oversized' });
    expect(refused(parseProviderResponse(Buffer.alloc(MAX_INBOUND_BYTES + 1, 0x20)))).toMatchObject({ reason: 'oversized' });
    // Multi-byte characters count as bytes, not characters.
    expect(refused(parseProviderResponse('"' + '돌'.repeat(22_000) + '"'))).toMatchObject({ reason: 'oversized' });
  });

  test('subject, dataschema, time and ids must be right', () => {
    expect(
      refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { subject: 'case-other-ref-L1-1' })))),
    ).toMatchObject({
      reason: 'schema-violation',
      detail: 'subject: must equal data.referralId',
    });
    expect(
      refused(
        parseProviderResponse(
          bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { dataschema: 'urn:dolbom:schema:provider.rejected.v1' })),
        ),
      ),
    ).toMatchObject({ reason: 'schema-violation' });
    expect(
      refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { occurredAt: '2026-04-02 10:15' })))),
    ).toMatchObject({ reason: 'schema-violation' });
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { attempt: 0 }))))).toMatchObject({
      reason: 'schema-violation',
    });
    expect(refused(parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, {}, { id: '' }))))).toMatchObject({
      reason: 'schema-violation',
    });
  });

  test('the Kafka key must be the referral id', () => {
    const m = bytes(message(PROVIDER_RESPONSE_TYPES.accepted));
    expect(refused(parseProviderResponse(m, { key: 'case-7f3a9c2e41b8' }))).toMatchObject({ reason: 'key-mismatch' });
    expect(refused(parseProviderResponse(m, { key: null }))).toMatchObject({ reason: 'key-mismatch' });
    expect(parseProviderResponse(m, { headers: {} })).toMatchObject({ ok: true }); // key not given: not checked
  });

  test('headers must agree with the envelope; binary content mode is refused', () => {
    const m = bytes(message(PROVIDER_RESPONSE_TYPES.accepted));
    expect(refused(parseProviderResponse(m, { key: REFERRAL, headers: { ce_type: PROVIDER_RESPONSE_TYPES.rejected } }))).toMatchObject({
      reason: 'header-mismatch',
    });
    expect(refused(parseProviderResponse(m, { key: REFERRAL, headers: { ce_subject: 'x' } }))).toMatchObject({ reason: 'header-mismatch' });
    expect(refused(parseProviderResponse(m, { key: REFERRAL, headers: { 'content-type': 'application/json' } }))).toMatchObject({
      reason: 'header-mismatch',
    });
  });

  test('details name fields and rules, never the values sent', () => {
    const secret = 'SECRET-VALUE-홍길동';
    const results = [
      parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { providerId: secret }))),
      parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.rejected, { declineReason: secret }))),
      parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.changed, { change: { code: secret } }))),
      parseProviderResponse(bytes(message(PROVIDER_RESPONSE_TYPES.accepted, { referralId: secret }))),
    ];
    for (const r of results) {
      expect(refused(r).detail).not.toContain('SECRET');
      expect(refused(r).detail.length).toBeLessThanOrEqual(1024);
    }
  });
});
