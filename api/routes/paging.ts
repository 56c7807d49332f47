/** Paging of every list the API serves: bounded pages of bounded size (deep pages are refused, not scanned). */
import { z } from 'zod';

export const Paging = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
