/**
 * What a provider may learn of the person, and when (Act Art. 14: referral to providers; Decree Art. 9 and PIPA
 * Arts. 3 and 17: share only what the purpose needs). Before it accepts, a provider decides on the service,
 * quantity, period, method, dong and deadline, under a per-referral pseudonym (workflows/referral/referral.workflow.ts).
 * Once it has accepted, and while it delivers, the provider it was assigned to gets the contact details it needs
 * to deliver (name, phone, address), through its own authenticated channel (GET /provider/referrals/:id/contact),
 * never through Kafka. Pure: the API (api/services/provider-contact.ts) reads the referral and the case.
 */
import type { TaskStatus } from '../codes';
import type { PersonalDetails } from '../case/case-inputs';

/** The referral statuses in which its provider is delivering and may reach the person. */
export const CONTACT_STATUSES: readonly TaskStatus[] = ['accepted', 'in-progress'];

export type ContactDecision = { allowed: true } | { allowed: false; code: 'NOT_ASSIGNED' | 'NOT_ACCEPTED'; reason: string };

/** May this provider have the person's contact details for this referral now? A refusal says why. */
export function decideContactDisclosure(
  referral: { referralId: string; status: TaskStatus; providerId?: string },
  providerId: string,
): ContactDecision {
  if (referral.providerId !== providerId)
    return { allowed: false, code: 'NOT_ASSIGNED', reason: `referral ${referral.referralId} is not assigned to ${providerId}` };
  if (!CONTACT_STATUSES.includes(referral.status))
    return {
      allowed: false,
      code: 'NOT_ACCEPTED',
      reason: `contact details are given once you have accepted the referral and while you deliver it (it is ${referral.status}): decide on the service, quantity, period, method, dong and deadline (Act Art. 14; Decree Art. 9)`,
    };
  return { allowed: true };
}

/** The contact details a provider receives: name, phone and address; never the resident number, birth date or health notes. */
export interface ContactDetails {
  name: string;
  phone: string | null;
  address: string | null;
}

export function contactDetailsOf(personal: PersonalDetails): ContactDetails {
  return { name: personal.name, phone: personal.phone ?? null, address: personal.address ?? null };
}
