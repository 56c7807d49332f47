/**
 * A Kafka record's JSON value checked against a schema, or why it cannot be read: the audit consumer's one way to
 * read what comes from the audit topic (audit/audit-consumer.ts) and the case topic (audit/step-entry.ts). The
 * problem names each failing field by its path, and goes into the refusal the store records.
 */
import type { z } from 'zod';

export type Parsed<T> = { ok: true; data: T } | { ok: false; problem: string };

/** Each issue as `path: message` (the path after `prefix`; `(envelope)` for the whole value). */
export function schemaProblem(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map((i) => `${[prefix, ...i.path].filter((p) => p !== undefined).join('.') || '(envelope)'}: ${i.message}`)
    .join('; ');
}

export function parseRecord<S extends z.ZodType>(value: Buffer | null, schema: S): Parsed<z.infer<S>> {
  if (value === null) return { ok: false, problem: 'empty record (no value)' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problem: schemaProblem(parsed.error) };
}
