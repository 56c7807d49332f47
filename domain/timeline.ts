/** The timeline of a case or referral: every step, its actor and when, in order. */
import type { Actor } from './actor';

export interface TimelineEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  /** Minimal, non-personal details of the step (codes, ids, statuses). */
  details?: Record<string, unknown>;
}
