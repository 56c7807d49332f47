/**
 * From a submitted HTML form to a case action's input: the form's flat fields become the same body the HTTP
 * API's action route takes (api/routes/case-actions.ts); the case workflow's update validates it (one schema,
 * one rule). Which actions a viewer is offered now comes from the case lifecycle (domain/case/case-lifecycle.ts).
 */
import { CASE_ACTION_ROUTES, type CaseActionRoute } from '../api/routes/case-actions';
import { ADL_ITEMS } from '../domain/pre-survey';
import { authoriseCaseAction, CASE_ACTIONS, type CaseAction, type CaseStatus } from '../domain/case/case-lifecycle';
import type { Role } from '../domain/codes';

export type FormBody = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []).filter(Boolean);
const on = (v: string | string[] | undefined) => one(v) === 'on' || one(v) === 'true';
const num = (v: string | string[] | undefined) => (one(v) === '' ? undefined : Number(one(v)));
const opt = <T extends object>(key: string, v: unknown): T | object => (v === '' || v === undefined ? {} : { [key]: v });

/** Plan lines offered by the builder form (empty rows are ignored). */
export const PLAN_FORM_LINES = 4;

/** The action forms, by the action's name in the case lifecycle. */
export const ACTION_FORMS: Partial<Record<CaseAction, (f: FormBody) => object>> = {
  // Act Art. 4: who consented, how and when (domain/case/consent.ts checks the rules between the fields).
  recordConsent: (f) => ({
    scope: many(f.scope),
    givenBy: one(f.givenBy),
    method: one(f.method),
    ...(one(f.givenBy) === 'representative'
      ? { representative: { name: one(f.representativeName), relationship: one(f.representativeRelationship) } }
      : {}),
    ...opt('witness', one(f.witness)),
  }),
  narrowConsent: (f) => ({ withdraw: many(f.withdraw), givenBy: one(f.givenBy), method: one(f.method) }),
  linkSingleService: (f) => ({ serviceCode: one(f.serviceCode), kind: one(f.kind), ...opt('note', one(f.note)) }),
  recordPreSurvey: (f) => ({
    survey: {
      adl: Object.fromEntries(ADL_ITEMS.map((i) => [i, num(f[`adl_${i}`]) ?? 0])),
      ...(on(f.livesAlone) ? { livesAlone: true } : {}),
      ...(on(f.recentDischarge) ? { recentDischarge: true } : {}),
      ...(on(f.cognitiveConcern) ? { cognitiveConcern: true } : {}),
    },
  }),
  recordAssessment: (f) => ({
    result: {
      medicalSupportNeed: one(f.medicalSupportNeed),
      dailyCareNeed: one(f.dailyCareNeed),
      needDomains: many(f.needDomains),
      ...opt('assessor', one(f.assessor)),
    },
  }),
  decideEligibility: (f) => ({
    severeDisabilityRecognised: on(f.severeDisabilityRecognised),
    difficultyCauses: many(f.difficultyCauses),
    needDomains: many(f.needDomains),
  }),
  draftPlan: (f) => ({
    lines: Array.from({ length: PLAN_FORM_LINES }, (_, i) => i + 1)
      .filter((n) => one(f[`line${n}_service`]) !== '')
      .map((n) => ({
        lineId: `L${n}`,
        serviceCode: one(f[`line${n}_service`]),
        quantity: { amount: num(f[`line${n}_amount`]), unit: one(f[`line${n}_unit`]), per: one(f[`line${n}_per`]) },
        period: { start: one(f[`line${n}_start`]), end: one(f[`line${n}_end`]) },
        method: one(f[`line${n}_method`]) || 'visit',
      })),
    ...opt('coordination', one(f.coordination)),
    personHeard: on(f.personHeard),
  }),
  submitPlan: () => ({}),
  conferenceDecision: (f) => ({ decision: one(f.decision), ...opt('closureGround', one(f.closureGround)), ...opt('note', one(f.note)) }),
  recordMonitoring: (f) => ({ outcome: one(f.outcome) }),
  withdrawConsent: () => ({}),
  closeCase: (f) => ({ ...opt('ground', one(f.ground)), ...opt('note', one(f.note)) }),
  resolveEscalation: (f) => ({ resolution: one(f.resolution), ...opt('providerId', one(f.providerId)) }),
  // Case ownership (domain/case/ownership-steps.ts): another caseworker of the dong, or the dong the person moved to.
  reassignCase: (f) => ({ toCaseworkerId: one(f.toCaseworkerId), reason: one(f.reason) }),
  transferCase: (f) => ({ toDongCode: one(f.toDongCode), ...opt('toCaseworkerId', one(f.toCaseworkerId)), reason: one(f.reason) }),
};

export const isFormAction = (a: string): a is CaseAction => (CASE_ACTIONS as readonly string[]).includes(a) && a in ACTION_FORMS;

export function actionRoute(action: CaseAction): CaseActionRoute {
  const route = CASE_ACTION_ROUTES.find((r) => r.update.name === action);
  if (!route) throw new Error(`no API route for ${action}`);
  return route;
}

/** The actions this viewer may take on a case in this status, as the lifecycle allows them (escalations aside). */
export function actionsAllowedNow(role: Role, status: CaseStatus): CaseAction[] {
  return CASE_ACTIONS.filter((a) => a in ACTION_FORMS && a !== 'resolveEscalation' && authoriseCaseAction(a, role, status).allowed);
}
