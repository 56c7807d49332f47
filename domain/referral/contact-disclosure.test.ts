/**
 * Act Art. 14 (referral to providers) with Decree Art. 9 and PIPA Arts. 3 and 17 (share only what is needed):
 * the person's contact details go to the provider that accepted, while it delivers, and to no one else.
 */
import { TASK_STATUSES } from '../codes';
import { contactDetailsOf, CONTACT_STATUSES, decideContactDisclosure } from './contact-disclosure';

const referral = { referralId: 'case-x-ref-L1-1', providerId: 'prv-a' };

describe('Act Art. 14 / Decree Art. 9 / PIPA: contact details only after acceptance, to the assigned provider', () => {
  test('refused before acceptance (requested, received), with the reason', () => {
    for (const status of ['draft', 'requested', 'received'] as const) {
      const d = decideContactDisclosure({ ...referral, status }, 'prv-a');
      expect(d).toMatchObject({ allowed: false, code: 'NOT_ACCEPTED' });
      if (!d.allowed) expect(d.reason).toMatch(/once you have accepted/);
    }
  });

  test('refused once delivery has ended or stopped (rejected, cancelled, completed, failed)', () => {
    for (const status of TASK_STATUSES.filter((s) => !CONTACT_STATUSES.includes(s)))
      expect(decideContactDisclosure({ ...referral, status }, 'prv-a').allowed).toBe(false);
  });

  test('refused to any provider but the assigned one, even while accepted', () => {
    expect(decideContactDisclosure({ ...referral, status: 'accepted' }, 'prv-b')).toMatchObject({ allowed: false, code: 'NOT_ASSIGNED' });
  });

  test('given to the assigned provider while accepted or in progress', () => {
    expect(decideContactDisclosure({ ...referral, status: 'accepted' }, 'prv-a')).toEqual({ allowed: true });
    expect(decideContactDisclosure({ ...referral, status: 'in-progress' }, 'prv-a')).toEqual({ allowed: true });
  });

  test('the details are name, phone and address only: never the resident number, birth date or health notes', () => {
    const details = contactDetailsOf({
      name: '홍길순',
      rrn: '480312-2123456',
      birthDate: '1948-03-12',
      phone: '010-1234-5678',
      address: '서울 종로구 청운효자로 1',
      healthNotes: '당뇨',
    });
    expect(details).toEqual({ name: '홍길순', phone: '010-1234-5678', address: '서울 종로구 청운효자로 1' });
    expect(contactDetailsOf({ name: '김', rrn: '480312-2123456', birthDate: '1948-03-12' })).toEqual({
      name: '김',
      phone: null,
      address: null,
    });
  });
});
