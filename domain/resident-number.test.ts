/**
 * Resident Registration Act Art. 7-2 / Decree Art. 7: a resident number's YYMMDD and century digit are the
 * holder's birth date, so an intake whose number contradicts the stated birth date is refused.
 */
import { PersonalDetails } from './case/case-inputs';
import { residentNumberBirthDate, residentNumberContradiction } from './resident-number';

describe('Resident Registration Act Art. 7-2: the birth date in a resident number', () => {
  test.each([
    ['480312-2123456', '1948-03-12'], // 1, 2: 1900s
    ['480312-1123456', '1948-03-12'],
    ['050101-3123456', '2005-01-01'], // 3, 4: 2000s
    ['050101-4123456', '2005-01-01'],
    ['480312-5123456', '1948-03-12'], // 5, 6: foreigners born in the 1900s
    ['050101-7123456', '2005-01-01'], // 7, 8: foreigners born in the 2000s
    ['990101-9123456', '1899-01-01'], // 9, 0: 1800s
    ['991231-0123456', '1899-12-31'],
    ['4803122123456', '1948-03-12'], // without the hyphen
  ])('%s encodes %s', (rrn, birthDate) => {
    expect(residentNumberBirthDate(rrn)).toEqual({ birthDate });
    expect(residentNumberContradiction(rrn, birthDate)).toBeUndefined();
  });

  test('a number whose first six digits are no date encodes none', () => {
    expect(residentNumberBirthDate('480231-2123456')).toEqual({ error: expect.stringMatching(/not a date YYMMDD/) });
    expect(residentNumberBirthDate('12')).toEqual({ error: expect.stringMatching(/13 digits/) });
  });

  test('refusal: the YYMMDD contradicts the stated birth date', () => {
    expect(residentNumberContradiction('480313-2123456', '1948-03-12')).toBe(
      'the resident number gives the birth date 1948-03-13, not the stated 1948-03-12',
    );
  });

  test('refusal: the century digit contradicts the stated birth date', () => {
    expect(residentNumberContradiction('480312-4123456', '1948-03-12')).toMatch(/seventh digit \(4\) gives a birth in 2000s, not 1948/);
    expect(residentNumberContradiction('480312-9123456', '1948-03-12')).toMatch(/seventh digit \(9\) gives a birth in 1800s/);
  });
});

describe('intake: PersonalDetails refuses a contradicting resident number', () => {
  const person = { name: '홍길순', rrn: '480312-2123456', birthDate: '1948-03-12' };

  test('effect: a matching number and birth date are accepted', () => {
    expect(PersonalDetails.safeParse(person).success).toBe(true);
  });

  test('refusal: the issue names the rrn field and the contradiction', () => {
    const parsed = PersonalDetails.safeParse({ ...person, rrn: '480312-3123456' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ['rrn'], message: expect.stringMatching(/seventh digit \(3\) gives a birth in 2000s, not 1948/) }),
    ]);
  });

  test('a malformed number is refused once, for its shape', () => {
    const parsed = PersonalDetails.safeParse({ ...person, rrn: '12' });
    expect(parsed.error!.issues.map((i) => i.message)).toEqual(['resident registration number must look like 000000-0000000']);
  });
});
