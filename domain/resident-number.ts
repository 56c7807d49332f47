/**
 * What a resident registration number (주민등록번호, Resident Registration Act Art. 7-2 and its Enforcement
 * Decree Art. 7(3)-(4)) says of the birth date: the first six digits are YYMMDD and the seventh gives the
 * century (and sex): 1, 2 born 1900-1999; 3, 4 born 2000-2099; 9, 0 born 1800-1899; 5-8 are foreigners'
 * registration numbers (외국인등록번호, Immigration Act Art. 31), 5, 6 for the 1900s and 7, 8 for the 2000s.
 * An intake whose number contradicts the stated birth date is refused (domain/case/case-inputs.ts
 * PersonalDetails): one of the two is mistyped, and eligibility by age (Decree Art. 2) reads the birth date.
 */
import { isIsoDate } from './seoul-date';

/** The shape of a resident number: six digits, an optional hyphen, seven digits. */
export const RESIDENT_NUMBER_SHAPE = /^\d{6}-?\d{7}$/;

const CENTURY_BY_DIGIT: Readonly<Record<string, number>> = {
  '1': 1900,
  '2': 1900,
  '5': 1900,
  '6': 1900,
  '3': 2000,
  '4': 2000,
  '7': 2000,
  '8': 2000,
  '9': 1800,
  '0': 1800,
};

/** The birth date a resident number encodes (ISO date), or why it encodes none. */
export function residentNumberBirthDate(rrn: string): { birthDate: string } | { error: string } {
  const digits = rrn.replace('-', '');
  if (!RESIDENT_NUMBER_SHAPE.test(rrn)) return { error: 'a resident registration number has 13 digits (000000-0000000)' };
  const century = CENTURY_BY_DIGIT[digits[6]!]!;
  const birthDate = `${century + Number(digits.slice(0, 2))}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
  if (!isIsoDate(birthDate)) return { error: `the resident number's first six digits (${digits.slice(0, 6)}) are not a date YYMMDD` };
  return { birthDate };
}

/**
 * Why a resident number contradicts the stated birth date, or undefined when they agree: the number's date
 * (YYMMDD and the century of its seventh digit) must be the birth date. A number of the wrong shape or a birth
 * date that is no date is left to the schema's own checks (undefined here).
 */
export function residentNumberContradiction(rrn: string, birthDate: string): string | undefined {
  if (!RESIDENT_NUMBER_SHAPE.test(rrn) || !isIsoDate(birthDate)) return undefined;
  const encoded = residentNumberBirthDate(rrn);
  if ('error' in encoded) return encoded.error;
  if (encoded.birthDate === birthDate) return undefined;
  if (encoded.birthDate.slice(2) === birthDate.slice(2))
    return `the resident number's seventh digit (${rrn.replace('-', '')[6]}) gives a birth in ${encoded.birthDate.slice(0, 2)}00s, not ${birthDate.slice(0, 4)}`;
  return `the resident number gives the birth date ${encoded.birthDate}, not the stated ${birthDate}`;
}
