/**
 * One exact text for a JSON value, so its hash never depends on key order or on how the database handed it
 * back: object keys sorted (by UTF-16 code units, as RFC 8785 does), no whitespace, `undefined` members left
 * out, numbers and strings as JSON.stringify writes them, Dates as ISO UTC.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(isoUtc(value));
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const members = Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
  }
}

/**
 * A timestamp (ISO 8601 text with an offset, or a Date) as ISO UTC with milliseconds: the form that survives
 * a round trip through timestamptz and back into a JavaScript Date unchanged.
 */
export function isoUtc(at: string | Date): string {
  // Text without an offset would be read in the local time zone of whichever process hashes it.
  if (typeof at === 'string' && !/T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(at)) {
    throw new RangeError(`not an ISO 8601 timestamp with a time zone offset: ${at}`);
  }
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${String(at)}`);
  return d.toISOString();
}
