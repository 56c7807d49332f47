/**
 * Intake (Act Art. 10; Rule Art. 7(1)): who may apply and what is recorded for each path. Pure schema rules of the
 * application (domain/case/case-inputs.ts); the API and the console refuse the same way (api/api.int.test.ts).
 */
import { Application } from './case-inputs';
import { AGENCY_KINDS } from '../codes';

const residence = { basis: 'registeredAddress' } as const;
const issues = (a: unknown) => {
  const r = Application.safeParse(a);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('Act Art. 10(1): the person applies in the district where they live', () => {
  test('refused: an application without the residence in the district; accepted with it', () => {
    expect(issues({ applicantType: 'self' })).toEqual([expect.stringContaining('residence')]);
    expect(issues({ applicantType: 'self', residence })).toEqual([]);
    expect(issues({ applicantType: 'self', residence: { basis: 'elsewhere' } })).not.toEqual([]);
  });

  test('a relative or guardian is named, with the relationship and the document that shows it', () => {
    expect(issues({ applicantType: 'relative', residence })).toEqual([expect.stringContaining('representative')]);
    const son = { name: '김민수', relationship: 'child', proofDocument: 'familyRelationCertificate' };
    expect(issues({ applicantType: 'relative', residence, representative: son })).toEqual([]);
    expect(issues({ applicantType: 'self', residence, representative: son })).toEqual([expect.stringContaining('only when')]);
    const guardian = { name: '박후견', relationship: 'guardian', proofDocument: 'guardianshipRegistrationCertificate' };
    expect(issues({ applicantType: 'guardian', residence, representative: guardian })).toEqual([]);
    expect(issues({ applicantType: 'guardian', residence, representative: { ...guardian, proofDocument: 'powerOfAttorney' } })).toEqual([
      expect.stringContaining('guardianship registration'),
    ]);
    expect(issues({ applicantType: 'relative', residence, representative: guardian })).toEqual([expect.stringContaining('guardian')]);
  });
});

describe('Rule Art. 7(1): agency staff of six kinds apply with the person’s consent', () => {
  test('each of the six kinds is accepted with consent, refused without it', () => {
    expect(AGENCY_KINDS).toHaveLength(6);
    for (const agencyKind of AGENCY_KINDS) {
      expect(issues({ applicantType: 'agencyStaff', agencyKind, agencyConsentConfirmed: true, residence })).toEqual([]);
      expect(issues({ applicantType: 'agencyStaff', agencyKind, residence })).toEqual([expect.stringContaining('consent')]);
    }
  });
});

describe('Act Art. 10(2): the ex-officio path records why the person finds it difficult to apply', () => {
  test('refused without the difficulty; accepted with the ground, the prior explanation and the difficulty', () => {
    const base = { applicantType: 'exOfficio', exOfficioGround: 'familyCareDifficult', priorExplanationGiven: true, residence };
    expect(issues(base)).toEqual([expect.stringContaining('difficult to apply')]);
    expect(issues({ ...base, difficultyToApply: 'cognitiveImpairment' })).toEqual([]);
  });
});
