/** Shared example values of the catalogue: one fictional case, its referral and provider (no real person). */
export const EXAMPLE = {
  caseId: 'case-7f3a9c2e41b8',
  recipientPseudoId: '7f3a9c2e41b8',
  referralId: 'case-7f3a9c2e41b8-ref-L1-1',
  lineId: 'L1',
  serviceCode: 'LTC-02',
  domain: 'longTermCare',
  providerId: 'prv-11110-lt-01',
  districtCode: '11110',
  dongCode: '11110510',
  caseworker: 'cw-11110510-03',
  supervisor: 'sv-11110-01',
  at: '2026-04-01T01:00:00.000Z',
} as const;
