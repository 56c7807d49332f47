/** The audit tests' one recorded step: a caseworker's consent write on case-1 (each test adds its own id and time). */
import type { AuditEntryInput } from './chain';

export const CONSENT_WRITE = {
  caseId: 'case-1',
  target: 'case-1',
  action: 'consentRecorded',
  access: 'write',
  actorRole: 'caseworker',
  actorId: 'cw-7',
  at: '2025-03-01T09:00:00+09:00',
  details: { status: 'preSurvey' },
} as const satisfies Omit<AuditEntryInput, 'eventId'>;
