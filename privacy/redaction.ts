/**
 * The personal fields, by name: what the logger (platform/logger.ts) censors wherever it meets them, so personal
 * data never reaches a log line. `personal` is the case's whole block of personal details
 * (workflows/case/case.messages.ts `PersonalDetails`); the others are its fields, found elsewhere too.
 */
export const PERSONAL_FIELDS = ['personal', 'name', 'rrn', 'birthDate', 'phone', 'address', 'healthNotes', 'personName'] as const;

export const REDACTED = '[redacted]';

/** Log paths to censor: each personal field at the top and up to three levels down, and the bearer token. */
export const REDACTED_PATHS: readonly string[] = [
  ...['', '*.', '*.*.', '*.*.*.'].flatMap((prefix) => PERSONAL_FIELDS.map((f) => `${prefix}${f}`)),
  'req.headers.authorization',
];
