/** One opened case's state, with personal details, for unit tests of what carries a case's state. */
import { openedCaseState, type CaseState } from '../../domain/case/case-state';
import type { CaseIntake } from '../../domain/case/case-inputs';
import { DEFAULT_POLICY } from '../../domain/policy-defaults';

export const SAMPLE_INTAKE = {
  recipientPseudoId: 'p-0123456789abcdef0123',
  dongCode: '11110510',
  districtCode: '11110',
  application: { applicantType: 'self', residence: { basis: 'registeredAddress' } },
  personal: { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' },
  actor: { role: 'caseworker', id: 'cw-kim' },
} as const;

export const sampleCaseState = (caseId = 'case-p-0123456789abcdef0123'): CaseState =>
  openedCaseState(caseId, SAMPLE_INTAKE as unknown as CaseIntake, DEFAULT_POLICY, '2026-12-02T01:00:00.000Z');
