/**
 * The case workflow on the time-skipping server with the real activities and Kafka: the lifecycle, refused
 * actions, duplicate intake, the urgent path and ineligibility.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ERR_ACTION_NOT_ALLOWED, ERR_INVALID_INPUT } from '../../domain/failures';
import { recordHistory } from '../../test/harness/histories';
import {
  approvePlan,
  assessor,
  bringToPlanning,
  caseworker,
  createCaseBench,
  eventually,
  refusal,
  intakeFor,
  line,
  startCase,
  supervisor,
  type CaseBench,
  TEST_SCOPE,
} from '../../test/harness/case-env';
import { referralStateQuery } from '../referral/referral.messages';
import {
  caseStateQuery,
  closeCaseUpdate,
  conferenceDecisionUpdate,
  decideEligibilityUpdate,
  linkSingleServiceUpdate,
  linkUrgentServiceUpdate,
  narrowConsentUpdate,
  recordAssessmentUpdate,
  recordConsentUpdate,
  recordPreSurveyUpdate,
  submitPlanUpdate,
} from './case.messages';

describe('case workflow', () => {
  let bench: CaseBench;
  beforeAll(async () => {
    bench = await createCaseBench('case');
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('carries a case from intake to approved plan with one referral per service line, on the right domain topics', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'MED-03'), line('L2', 'HOU-01')]);

    const state = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).every((r) => r.status === 'requested'),
    );
    expect(state.status).toBe('active');
    expect(Object.keys(state.referrals)).toHaveLength(2);
    // The sandbox records no stack frames (platform/workflow-stack-frames.ts): the SDK's stack trace of the
    // waiting case names none, where it would list the workflow's frames.
    expect(await handle.query<string>('__stack_trace')).not.toMatch(/\n\s+at /);
    expect(state.monitoring.nextDue).toBeDefined();
    expect(state.timeline.map((t) => t.action)).toEqual([
      'opened',
      'consentRecorded',
      'preSurveyRecorded',
      'assessmentRequested',
      'assessmentRecorded',
      'eligibilityDecided',
      'planDrafted',
      'planSubmitted',
      'conferenceDecided',
    ]);

    const housing = await eventually(
      async () => bench.published.sent(bench.published.topics.referralRequests('housing')),
      (ms) => ms.length >= 1,
    );
    const medical = await eventually(
      async () => bench.published.sent(bench.published.topics.referralRequests('medical')),
      (ms) => ms.length >= 1,
    );
    const housingEvent = JSON.parse(housing[0]!.value!.toString());
    expect(housingEvent.data.serviceCode).toBe('HOU-01');
    expect(JSON.parse(medical[0]!.value!.toString()).data.serviceCode).toBe('MED-03');
    // Minimum data: no personal details leave in a referral.
    const raw = housing[0]!.value!.toString();
    for (const secret of ['홍길순', '480312', '010-1234', 'diabetes', '1948-03-12']) expect(raw).not.toContain(secret);
    await recordHistory(handle, 'case-approved-plan');
    await recordHistory(bench.env.client.workflow.getHandle(Object.keys(state.referrals)[0]!), 'referral-requested');
  });

  it('refuses a second intake for someone with an open case, naming the existing case', async () => {
    const intake = intakeFor();
    const first = await startCase(bench, intake);
    await expect(startCase(bench, intake)).rejects.toThrow(WorkflowExecutionAlreadyStartedError);
    const err = await startCase(bench, intake).catch((e: unknown) => e as WorkflowExecutionAlreadyStartedError);
    expect((err as WorkflowExecutionAlreadyStartedError).workflowId).toBe(first.workflowId);
  });

  it('refuses actions out of order or by the wrong role, with a reason, and changes nothing', async () => {
    const handle = await startCase(bench);
    const before = await handle.query(caseStateQuery);

    const outOfOrder = await refusal(
      handle.executeUpdate(recordPreSurveyUpdate, {
        args: [
          {
            actor: caseworker,
            survey: { adl: { bathing: 0, dressing: 0, eating: 0, toileting: 0, transferring: 0, continence: 0, grooming: 0 } },
          },
          TEST_SCOPE,
        ],
      }),
    );
    expect(outOfOrder.type).toBe(ERR_ACTION_NOT_ALLOWED);
    expect(outOfOrder.message).toContain('awaitingConsent');

    const wrongRole = await refusal(
      handle.executeUpdate(recordConsentUpdate, { args: [{ actor: { role: 'provider', id: 'prv-x' } }, TEST_SCOPE] }),
    );
    expect(wrongRole.type).toBe(ERR_ACTION_NOT_ALLOWED);
    expect(wrongRole.message).toContain('caseworker');

    const supervisorTooEarly = await refusal(
      handle.executeUpdate(conferenceDecisionUpdate, { args: [{ actor: supervisor, decision: 'approve' }, TEST_SCOPE] }),
    );
    expect(supervisorTooEarly.message).toContain('awaitingConsent');

    const malformed = await refusal(
      handle.executeUpdate(recordConsentUpdate, { args: [{ actor: { role: 'caseworker', id: '' } }, TEST_SCOPE] }),
    );
    expect(malformed.type).toBe(ERR_INVALID_INPUT);

    const submitNothing = await refusal(handle.executeUpdate(submitPlanUpdate, { args: [{ actor: caseworker }, TEST_SCOPE] }));
    expect(submitNothing.type).toBe(ERR_ACTION_NOT_ALLOWED);

    const after = await handle.query(caseStateQuery);
    expect(after.status).toBe('awaitingConsent');
    expect(after.timeline).toEqual(before.timeline);
  });

  it('links an urgent service at once, before the assessment', async () => {
    const handle = await startCase(bench);
    await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: caseworker, givenBy: 'person', method: 'written' }, TEST_SCOPE] });
    const notUrgent = await refusal(
      handle.executeUpdate(linkUrgentServiceUpdate, { args: [{ actor: caseworker, line: line('U0', 'MED-01') }, TEST_SCOPE] }),
    );
    expect(notUrgent.message).toContain('not an urgent service');
    const { referralId } = await handle.executeUpdate(linkUrgentServiceUpdate, {
      args: [{ actor: caseworker, line: line('U1', 'DAY-02') }, TEST_SCOPE],
    });
    const referral = bench.env.client.workflow.getHandle(referralId);
    const r = await eventually(
      () => referral.query(referralStateQuery),
      (s) => s.status === 'requested',
    );
    expect(r.urgent).toBe(true);
    expect(r.providerId).toMatch(/^prv-/);
    expect((await handle.query(caseStateQuery)).status).toBe('preSurvey');
  });

  it('Act Art. 4: narrowing consent to referral cancels the running referrals and the case stays open', async () => {
    const handle = await startCase(bench);
    await bringToPlanning(handle);
    await approvePlan(handle, [line('L1', 'LTC-02'), line('L2', 'HOU-01')]);
    await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).every((r) => r.status === 'requested'),
    );
    const narrowed = await handle.executeUpdate(narrowConsentUpdate, {
      args: [{ actor: caseworker, withdraw: ['referral'], givenBy: 'person', method: 'written' }, TEST_SCOPE],
    });
    expect(narrowed).toMatchObject({ status: 'active', remaining: ['survey', 'sharing'] });
    const after = await eventually(
      () => handle.query(caseStateQuery),
      (s) => Object.values(s.referrals).every((r) => r.status === 'cancelled'),
    );
    expect(after.status).toBe('active');
    for (const id of Object.keys(after.referrals)) {
      const r = await bench.env.client.workflow.getHandle(id).query(referralStateQuery);
      expect(r.status).toBe('cancelled');
    }
    const refused = await refusal(
      handle.executeUpdate(linkUrgentServiceUpdate, { args: [{ actor: caseworker, line: line('U1', 'DAY-02') }, TEST_SCOPE] }),
    );
    expect(refused.message).toContain('referral');
    await recordHistory(handle, 'case-consent-narrowed');
  });

  it('Decree Art. 5 and one-stop linkage: every applicant is assessed; an ineligible person is linked to single services, the case closes as ineligible and the urgent service keeps running', async () => {
    const handle = await startCase(
      bench,
      intakeFor(undefined, { personal: { name: '김철수', rrn: '800101-1234567', birthDate: '1980-01-01' } }),
    );
    await handle.executeUpdate(recordConsentUpdate, { args: [{ actor: caseworker, givenBy: 'person', method: 'written' }, TEST_SCOPE] });
    const { referralId } = await handle.executeUpdate(linkUrgentServiceUpdate, {
      args: [{ actor: caseworker, line: line('U1', 'DAY-02') }, TEST_SCOPE],
    });
    const NO_NEED = { bathing: 0, dressing: 0, eating: 0, toileting: 0, transferring: 0, continence: 0, grooming: 0 } as const;
    await handle.executeUpdate(recordPreSurveyUpdate, { args: [{ actor: caseworker, survey: { adl: NO_NEED } }, TEST_SCOPE] });
    // The screen found no need, and the assessment is still requested, with a business-day deadline.
    const requested = await eventually(
      () => handle.query(caseStateQuery),
      (s) => !!s.assessmentRequest?.respondBy,
    );
    expect(requested.status).toBe('awaitingAssessment');
    expect(requested.assessmentRequest).toMatchObject({ status: 'requested', kind: 'initial', priority: 'routine' });
    await handle.executeUpdate(recordAssessmentUpdate, {
      args: [{ actor: assessor, result: { medicalSupportNeed: 'none', dailyCareNeed: 'none', needDomains: ['health'] } }, TEST_SCOPE],
    });
    const decision = await handle.executeUpdate(decideEligibilityUpdate, {
      args: [{ actor: caseworker, severeDisabilityRecognised: false, difficultyCauses: ['illness'], needDomains: ['health'] }, TEST_SCOPE],
    });
    expect(decision.eligible).toBe(false);
    expect(decision.status).toBe('linkingSingleServices');
    const early = await refusal(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: caseworker }, TEST_SCOPE] }));
    expect(early.message).toContain('single services');
    await handle.executeUpdate(linkSingleServiceUpdate, {
      args: [{ actor: caseworker, serviceCode: 'HLT-01', kind: 'information' }, TEST_SCOPE],
    });
    await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: caseworker }, TEST_SCOPE] });
    const final = await handle.result();
    expect(final.status).toBe('closed');
    expect(final.closure?.ground).toBe('ineligible');
    expect(final.closure?.reasons).toEqual(expect.arrayContaining(['SINGLE_DOMAIN_NEED', 'NO_ROUTE']));
    expect(final.timeline.at(-1)).toMatchObject({ action: 'closed', details: { ground: 'ineligible', singleServicesLinked: 1 } });
    const urgent = await bench.env.client.workflow.getHandle(referralId).query(referralStateQuery);
    expect(urgent.status).toBe('requested'); // not cancelled by the ineligibility
    await recordHistory(handle, 'case-ineligible-linked');
  });
});
