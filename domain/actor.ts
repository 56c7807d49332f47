/** Who acts: every update carries the verified actor (the API fills it from the caller's token). */
import type { z } from 'zod';
import { sharedInWorkflows } from './shared';
import { Role } from './codes';

export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'dolbom' };

/** This module's schemas, built once per thread and shared by every workflow (domain/shared.ts). */
export const { Actor } = sharedInWorkflows('domain/actor', (z) => {
  const Actor = z.strictObject({ role: Role, id: z.string().min(1).max(128) });
  return { Actor };
});
