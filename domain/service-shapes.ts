/**
 * How much of a service, and from when to when: the shapes a support plan's line (Rule Form 2), a referral
 * request and a provider's change report share. Built once per thread (domain/shared.ts). The public contract's
 * schemas of the same shapes (events/schemas/common.ts) add their documentation and are checked against these types.
 */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';
import { QUANTITY_PER, QUANTITY_UNITS } from './vocabulary';

export type Quantity = z.infer<typeof Quantity>;
export type Period = z.infer<typeof Period>;

export const { Quantity, Period } = sharedInWorkflows('domain/service-shapes', (z) => {
  const Quantity = z.strictObject({
    amount: z.number().positive().max(1000),
    unit: z.enum(QUANTITY_UNITS),
    per: z.enum(QUANTITY_PER),
  });
  const Period = z
    .strictObject({ start: z.iso.date(), end: z.iso.date() })
    .refine((p) => p.start <= p.end, { message: 'period end is before its start' });
  return { Quantity, Period };
});
