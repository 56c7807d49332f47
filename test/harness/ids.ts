/** Unique names per test run, so suites sharing one server never see each other's work. */
import { randomUUID } from 'node:crypto';

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
