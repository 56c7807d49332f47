/**
 * The catalogue against the code that produces events: every event the workflows build today validates
 * against its catalogued schema, the type lists agree, and no data schema can carry personal data.
 */
import { z } from 'zod';
import { buildEnvelope, type PublishEventInput } from '../../activities/publish-event';
import { DECLINE_REASONS } from '../../domain/codes';
import { PROVIDER_REPORTS } from '../../domain/referral/referral-lifecycle';
import {
  AUDIT_EVENT_TYPE,
  CASE_EVENT_TYPES,
  type CaseEventKind,
  REFERRAL_CANCEL_REASONS,
  REFERRAL_OUTBOUND_TYPES,
  REFERRAL_STATUS_CHANGED_TYPE,
  SELF_CHECK_EVENT_TYPE,
  CASE_LISTING_CHANGED_TYPE,
} from '../../domain/vocabulary';
import { caseStepEvent, type RecordedStep } from '../../workflows/case/case-events';
import type { CaseState } from '../../domain/case/case-state';
import { providerNoticeEvent, referralPseudonym, referralRequestEvent, statusChangedEvent } from '../../workflows/referral/referral-events';
import { type ReferralState } from '../../workflows/referral/referral.messages';
import { SYSTEM_ACTOR, type Actor } from '../../domain/actor';
import { exampleEnvelope } from '../../events/schemas/define';
import { PROVIDER_RESPONSE_TYPES, REPORT_BY_TYPE } from '../../events/schemas/provider-responses';
import { catalogueEntry, EVENT_CATALOGUE, validateEnvelope } from '../../events/schemas/registry';
import { EnvelopeAttributes } from '../../events/envelope';
import { AuditRecordedV1 } from '../../events/schemas/audit';
import { auditEntryFromStepEvent } from '../../audit/step-entry';

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** What a consumer receives: the producer's envelope after JSON serialisation (undefined fields vanish). */
const wire = (input: PublishEventInput) => json(buildEnvelope(input));

function expectValid(input: PublishEventInput) {
  const result = validateEnvelope(wire(input));
  if (!result.ok) throw new Error(`${input.type}: ${result.reason}: ${result.detail}`);
  expect(result.entry.type).toBe(input.type);
}

/** A step's event is its audit record: the entry the store derives from it (audit/step-entry.ts) is a valid one. */
function expectAudited(input: PublishEventInput): Record<string, unknown> {
  expect(input.audited).toBe(true);
  const derived = auditEntryFromStepEvent(Buffer.from(JSON.stringify(wire(input))), (id) => `keyed-${id}`);
  if (!derived.ok) throw new Error(`${input.type}: ${derived.problem}`);
  const { eventId, sourceIp, ...record } = derived.entry;
  expect([eventId, sourceIp]).toEqual([`keyed-${buildEnvelope(input).id}`, null]);
  const checked = AuditRecordedV1.safeParse(record);
  if (!checked.success) throw new Error(`${input.type}: ${checked.error.message}`);
  expect(record).toMatchObject({ access: 'write', actorRole: input.actorrole, actorId: input.actorid, at: input.time });
  return record;
}

describe('catalogue', () => {
  test('lists every required type once, with a channel and direction', () => {
    const types = EVENT_CATALOGUE.map((e) => e.type);
    expect(new Set(types).size).toBe(types.length);
    const required = [
      ...Object.values(REFERRAL_OUTBOUND_TYPES),
      REFERRAL_STATUS_CHANGED_TYPE,
      CASE_LISTING_CHANGED_TYPE,
      AUDIT_EVENT_TYPE,
      ...Object.values(CASE_EVENT_TYPES),
      SELF_CHECK_EVENT_TYPE,
      ...Object.values(PROVIDER_RESPONSE_TYPES),
    ];
    expect([...types].sort()).toEqual([...new Set(required)].sort());
    for (const e of EVENT_CATALOGUE) {
      expect(EnvelopeAttributes.shape.type.safeParse(e.type).success).toBe(true);
      expect(e.direction === 'inbound').toBe(e.channel === 'providerResponses');
      expect(e.summary.length).toBeGreaterThan(10);
    }
  });

  test('every example is a valid envelope of its type', () => {
    for (const e of EVENT_CATALOGUE) {
      expect(e.examples.length).toBeGreaterThan(0);
      for (const ex of e.examples) expect(validateEnvelope(json(exampleEnvelope(e, ex)))).toMatchObject({ ok: true });
    }
  });

  test('every provider report has an inbound type', () => {
    expect([...new Set(Object.values(REPORT_BY_TYPE))].sort()).toEqual([...PROVIDER_REPORTS].sort());
  });

  test('validateEnvelope refuses unknown types, wrong directions and broken rules', () => {
    const entry = catalogueEntry(REFERRAL_OUTBOUND_TYPES.requested)!;
    const ok = json(exampleEnvelope(entry)) as unknown as { data: Record<string, unknown> } & Record<string, unknown>;
    expect(validateEnvelope({ ...ok, type: 'kr.dolbom.referral.requested.v9' })).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(validateEnvelope(ok, { direction: 'inbound' })).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(validateEnvelope({ ...ok, subject: 'case-other-ref-L1-1' })).toMatchObject({
      ok: false,
      reason: 'schema-violation',
      detail: 'subject: must equal data.referralId',
    });
    expect(validateEnvelope({ ...ok, dataschema: 'urn:dolbom:schema:referral.requested.v2' })).toMatchObject({
      ok: false,
      reason: 'schema-violation',
    });
    expect(validateEnvelope({ ...ok, data: { ...ok.data, phone: '010-0000-0000' } })).toMatchObject({
      ok: false,
      reason: 'schema-violation',
    });
    expect(validateEnvelope([])).toMatchObject({ ok: false, reason: 'schema-violation' });
    const audit = json(exampleEnvelope(catalogueEntry(AUDIT_EVENT_TYPE)!));
    expect(validateEnvelope({ ...audit, actorid: 'someone-else' })).toMatchObject({
      ok: false,
      reason: 'schema-violation',
      detail: 'actorid: must equal data.actorId',
    });
  });
});

describe('personal data', () => {
  const PERSONAL = /name|rrn|resident|phone|mobile|address|health.?notes?|notes?$|birth|email|gender|sex$/i;

  function fieldNames(schema: unknown, path = ''): string[] {
    if (schema === null || typeof schema !== 'object') return [];
    const s = schema as Record<string, unknown>;
    const out: string[] = [];
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
      out.push(`${path}${k}`, ...fieldNames(v, `${path}${k}.`));
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const v of (s[key] ?? []) as unknown[]) out.push(...fieldNames(v, path));
    if (s.items) out.push(...fieldNames(s.items, path));
    return out;
  }

  function unconstrainedStrings(schema: unknown, path = ''): string[] {
    if (schema === null || typeof schema !== 'object') return [];
    const s = schema as Record<string, unknown>;
    const out: string[] = [];
    if (s.type === 'string' && s.pattern === undefined && s.format === undefined && s.enum === undefined && s.const === undefined)
      out.push(path || '(root)');
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
      out.push(...unconstrainedStrings(v, `${path}${k}.`));
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      for (const v of (s[key] ?? []) as unknown[]) out.push(...unconstrainedStrings(v, path));
    if (s.items) out.push(...unconstrainedStrings(s.items, path));
    return out;
  }

  test('no data schema has a field named like personal data', () => {
    for (const e of EVENT_CATALOGUE) {
      const names = fieldNames(z.toJSONSchema(e.dataSchema));
      expect(names.length + (e.type === 'kr.dolbom.case.consent-withdrawn.v1' ? 1 : 0)).toBeGreaterThan(0);
      expect({ type: e.type, personal: names.filter((n) => PERSONAL.test(n.split('.').pop()!)) }).toEqual({ type: e.type, personal: [] });
    }
  });

  test('no data field is free text: every string is a code, an id pattern, a date or an enum', () => {
    for (const e of EVENT_CATALOGUE) {
      expect({ type: e.type, free: unconstrainedStrings(z.toJSONSchema(e.dataSchema)) }).toEqual({ type: e.type, free: [] });
    }
  });

  test('the personal-data detector itself catches the case intake fields', () => {
    expect(['name', 'rrn', 'birthDate', 'phone', 'address', 'healthNotes'].every((n) => PERSONAL.test(n))).toBe(true);
    expect(['referralId', 'dongCode', 'recipientPseudoId', 'serviceCode', 'declineReason', 'lineId'].some((n) => PERSONAL.test(n))).toBe(
      false,
    );
  });
});

describe('the events the workflows build today', () => {
  const at = '2026-04-01T01:00:00.000Z';
  const caseworker = { role: 'caseworker' as const, id: 'cw-11110510-03' };
  const caseState = (status: CaseState['status']) =>
    ({
      caseId: 'case-7f3a9c2e41b8',
      openedAt: '2026-03-30T00:00:00.000Z',
      status,
      districtCode: '11110',
      dongCode: '11110510',
    }) as CaseState;

  /** The details case.workflow.ts records for each kind (mirrored from its `record` calls), with variants. */
  const steps: [CaseEventKind, CaseState['status'], Record<string, unknown>][] = [
    ['opened', 'awaitingConsent', { applicantType: 'self' }],
    ['opened', 'awaitingConsent', { applicantType: 'exOfficio', exOfficioGround: 'dischargedFromHospital' }],
    ['consentRecorded', 'preSurvey', { scope: ['survey', 'sharing', 'referral'] }],
    ['preSurveyRecorded', 'awaitingAssessment', { requestFullAssessment: true }],
    ['preSurveyRecorded', 'awaitingEligibility', { requestFullAssessment: false }],
    ['assessmentRecorded', 'awaitingEligibility', {}],
    [
      'eligibilityDecided',
      'planning',
      { eligible: true, routes: ['aged65Plus'], reasons: ['DIFFICULTY_PRESENT', 'MULTI_DOMAIN_NEED', 'ROUTE_AGE_65'] },
    ],
    [
      'eligibilityDecided',
      'awaitingEligibility',
      { eligible: false, reasons: ['NO_DIFFICULTY', 'SINGLE_DOMAIN_NEED', 'NO_ROUTE', 'UNDER_65'] },
    ],
    ['urgentServiceLinked', 'preSurvey', { referralId: 'case-7f3a9c2e41b8-ref-U1-1', serviceCode: 'DAY-02' }],
    ['informationGiven', 'active', { serviceCode: 'HLT-07', lineId: 'L2' }],
    ['planDrafted', 'planning', { version: 2, serviceCodes: ['LTC-02', 'HOU-02'] }],
    ['planSubmitted', 'awaitingConference', { version: 2 }],
    ['conferenceDecided', 'active', { decision: 'approve', version: 2 }],
    ['conferenceDecided', 'planning', { decision: 'change', version: 2 }],
    ['referralCancelRequested', 'active', { referralId: 'case-7f3a9c2e41b8-ref-L1-1' }],
    ['monitoringRecorded', 'active', { outcome: 'continue', dueDate: '2026-07-01', late: false }],
    ['monitoringRecorded', 'planning', { outcome: 'changePlan', dueDate: undefined, late: true }],
    ['monitoringOverdue', 'active', { dueDate: '2026-07-01', escalationId: 'esc-2' }],
    ['escalationOpened', 'active', { escalationId: 'esc-1', kind: 'referralExhausted', referralId: 'case-7f3a9c2e41b8-ref-L1-1' }],
    ['escalationResolved', 'active', { escalationId: 'esc-1', resolution: 'acknowledge' }],
    ['consentWithdrawn', 'active', {}],
    ['closed', 'closed', { ground: 'refuses' }],
    ['closed', 'closed', { ground: 'supportNoLongerNeeded', noteKept: true }],
    ['conferenceDecided', 'active', { decision: 'approve', version: 3, noteKept: true }],
    ['caseReassigned', 'active', { fromCaseworkerId: 'cw-kim', toCaseworkerId: 'cw-park', reason: 'caseworkerLeft' }],
    ['caseReassigned', 'preSurvey', { toCaseworkerId: 'cw-park', reason: 'other' }],
    ['caseTransferred', 'active', { fromDongCode: '11110510', toDongCode: '11110530', toCaseworkerId: 'cw-choi', reason: 'personMoved' }],
    ['caseTransferred', 'planning', { fromDongCode: '11110510', toDongCode: '11110530', reason: 'addressCorrected' }],
    ['closed', 'closed', { ground: 'ineligible', reasons: ['NO_DIFFICULTY', 'NO_ROUTE'] }],
    ['closed', 'closed', { ground: 'ineligible', reasons: ['NO_DIFFICULTY'], singleServicesLinked: 2 }],
    ['opened', 'awaitingConsent', { applicantType: 'exOfficio', exOfficioGround: 'emergencyWelfareCrisis', urgent: true }],
    ['consentRecorded', 'active', { scope: ['survey', 'sharing'], givenBy: 'representative', method: 'oral' }],
    ['consentNarrowed', 'active', { withdrawn: ['referral'], remaining: ['survey', 'sharing'] }],
    ['assessmentRequested', 'awaitingAssessment', { requestId: 'asm-1', kind: 'initial', priority: 'urgent', held: false }],
    ['assessmentRequested', 'active', { requestId: 'asm-2', kind: 'reassessment', priority: 'routine', held: true }],
    ['assessmentOverdue', 'awaitingAssessment', { requestId: 'asm-1', escalationId: 'esc-1' }],
    ['monitoringReminder', 'active', { dueDate: '2026-07-01' }],
    ['singleServiceLinked', 'linkingSingleServices', { serviceCode: 'HLT-01', kind: 'referral' }],
  ];

  test.each(steps.map((s, i) => [`${s[0]} #${i + 1}`, ...s] as const))('case step %s', (_label, kind, status, details) => {
    const event = caseStepEvent(caseState(status), { kind, seq: 3, at, actor: caseworker, status, details } as RecordedStep);
    expect(event.type).toBe(CASE_EVENT_TYPES[kind]);
    expectValid(event);
    expect(expectAudited(event)).toMatchObject({ action: kind, target: event.subject, details: { status, step: json(details) } });
  });

  test('every case kind is covered above', () => {
    expect(new Set(steps.map((s) => s[0]))).toEqual(new Set(Object.keys(CASE_EVENT_TYPES)));
  });

  const referral = (over: Partial<ReferralState> = {}): ReferralState => ({
    referralId: 'case-7f3a9c2e41b8-ref-L1-1',
    caseId: 'case-7f3a9c2e41b8',
    lineId: 'L1',
    serviceCode: 'LTC-02',
    domain: 'longTermCare',
    status: 'requested',
    providerId: 'prv-11110-lt-01',
    attempts: [{ attempt: 1, providerId: 'prv-11110-lt-01', requestedAt: at, respondBy: '2026-04-06T09:00:00.000Z' }],
    escalated: false,
    urgent: false,
    quantity: { amount: 3, unit: 'visit', per: 'week' },
    period: { start: '2026-04-06', end: '2026-07-05' },
    appliedEventIds: [],
    timeline: [],
    ...over,
  });
  const ctx = (state: ReferralState, actor: Actor = SYSTEM_ACTOR) => ({ state, seq: 4, at, actor });

  test('referral requested', () => {
    expectValid(
      referralRequestEvent(ctx(referral()), {
        attempt: 1,
        providerId: 'prv-11110-lt-01',
        respondBy: '2026-04-06T09:00:00.000Z',
        districtCode: '11110',
        dongCode: '11110510',
        recipientPseudoId: '7f3a9c2e41b8',
      }),
    );
    // With the plan line's method (Rule Form 2) and a per-referral pseudonym (workflows/referral/referral.workflow.ts).
    const withMethod = referralRequestEvent(ctx(referral()), {
      attempt: 1,
      providerId: 'prv-11110-lt-01',
      respondBy: '2026-04-06T09:00:00.000Z',
      districtCode: '11110',
      dongCode: '11110510',
      recipientPseudoId: referralPseudonym('0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'),
      method: 'remote',
    });
    expectValid(withMethod);
    expect(wire(withMethod).data).toMatchObject({ method: 'remote', recipientPseudoId: 'r-0f1e2d3c4b5a49688776' });
  });

  test('provider notices: expired, cancelled (each reason), amended', () => {
    const s = referral();
    expectValid(providerNoticeEvent(ctx(s), 'expired', 'prv-11110-lt-01', { attempt: 1 }));
    for (const reason of REFERRAL_CANCEL_REASONS)
      expectValid(providerNoticeEvent(ctx(s, caseworker), 'cancelled', 'prv-11110-lt-01', { reason }));
    expectValid(
      providerNoticeEvent(ctx(s, caseworker), 'amended', 'prv-11110-lt-01', {
        quantity: { amount: 2, unit: 'visit', per: 'week' },
        period: s.period,
      }),
    );
  });

  test('status changed, its own audit record, for every action the referral records', () => {
    const actions: [string, Partial<ReferralState>, Actor][] = [
      ['requested', {}, SYSTEM_ACTOR],
      ['expired', { status: 'requested' }, SYSTEM_ACTOR],
      ['escalated', { providerId: undefined, escalated: true }, SYSTEM_ACTOR],
      ['escalationResolved', { providerId: undefined }, { role: 'caseworker', id: 'sv-1' }],
      ['cancelled', { status: 'cancelled', attempts: [] }, caseworker],
      ['amended', { status: 'accepted' }, caseworker],
      ...PROVIDER_REPORTS.map((r): [string, Partial<ReferralState>, Actor] => [
        `provider.${r}`,
        { status: r === 'changed' ? 'in-progress' : r },
        { role: 'provider', id: 'prv-11110-lt-01' },
      ]),
    ];
    for (const [action, over, actor] of actions) {
      const event = statusChangedEvent(ctx(referral(over), actor), action);
      expect(event.type).toBe(REFERRAL_STATUS_CHANGED_TYPE);
      expectValid(event);
      expect(expectAudited(event)).toMatchObject({ action, target: referral().referralId, details: { status: referral(over).status } });
    }
  });

  test("each referral step's details, as the referral workflow records them, fit its event and the audit entry derived from it", () => {
    const provider = { role: 'provider', id: 'prv-11110-lt-01' } as const;
    const steps: [string, Record<string, unknown>, Actor][] = [
      ['requested', { attempt: 1, providerId: 'prv-11110-lt-01', respondBy: '2026-04-06T09:00:00.000Z' }, SYSTEM_ACTOR],
      ['expired', { attempt: 1, providerId: 'prv-11110-lt-01' }, SYSTEM_ACTOR],
      ['cancelled', { reason: 'consentWithdrawn' }, caseworker],
      ['amended', { quantity: { amount: 2, unit: 'visit', per: 'week' }, period: { start: '2026-04-01', end: '2026-09-30' } }, caseworker],
      ['escalated', { tried: ['prv-11110-lt-01', 'prv-11110-lt-02'] }, SYSTEM_ACTOR],
      ['escalationResolved', { resolution: 'assignProvider', providerId: 'prv-11110-lt-03' }, caseworker],
      // A provider's own event id is free text (any 128 characters): it stays out of the record, which still publishes.
      ['provider.rejected', { eventId: 'their id / with spaces, é', declineReason: 'atCapacity' }, provider],
      [
        'provider.changed',
        { eventId: 'api-key-1', change: { quantity: { amount: 1, unit: 'visit', per: 'week' }, code: 'frequencyChanged' } },
        provider,
      ],
    ];
    for (const [action, details, actor] of steps) {
      const event = statusChangedEvent(ctx(referral(), actor), action, details);
      expectValid(event);
      const { eventId: _dropped, ...coded } = details;
      expect(expectAudited(event)).toMatchObject({ action, details: { step: coded } });
      expect(JSON.stringify(event.data)).not.toContain('their id');
    }
  });

  test('the self-check event, as self-check.workflow.ts builds it', () => {
    expectValid({
      eventKey: 'self-check/self-check-1b2c',
      destination: { stream: 'caseEvents' },
      partitionKey: 'self-check-1b2c',
      type: SELF_CHECK_EVENT_TYPE,
      subject: 'self-check-1b2c',
      time: at,
      actorrole: 'system',
      actorid: 'dolbom-self-check',
      data: { check: 'ok' },
    });
  });

  test('a decline reason is one of the domain codes', () => {
    const rejected = catalogueEntry(PROVIDER_RESPONSE_TYPES.rejected)!;
    const schema = z.toJSONSchema(rejected.dataSchema) as unknown as { properties: { declineReason: { enum: string[] } } };
    expect(schema.properties.declineReason.enum).toEqual([...DECLINE_REASONS]);
  });
});
