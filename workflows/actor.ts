/** Who acts: every update carries the verified actor (the API fills it from the caller's token). */
import { z } from 'zod';
import { Role } from '../domain/codes';

export const Actor = z.strictObject({ role: Role, id: z.string().min(1).max(128) });
export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'dolbom' };
