/**
 * Personal fields, by name, and a redactor for diagnostic output that does not go through the pino logger
 * (error reports, test failure messages, debugging dumps). The logger redacts the same fields itself.
 */
export const PERSONAL_FIELDS = ['name', 'rrn', 'phone', 'address', 'healthNotes', 'birthDate'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export const REDACTED = '[redacted]';

const personal = new Set<string>(PERSONAL_FIELDS);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with every personal field, at any depth in plain objects and arrays, replaced by
 * '[redacted]'. Other values (dates, buffers, class instances) are kept as they are; cycles become '[circular]'.
 */
export function redactPersonal<T>(value: T): T {
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v) || isPlainObject(v)) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
      const out = Array.isArray(v)
        ? v.map(walk)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, personal.has(k) ? REDACTED : walk(x)]));
      seen.delete(v);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
