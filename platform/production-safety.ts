/**
 * Production refuses unsafe settings (issue 14) unless DOLBOM_ALLOW_INSECURE names each one it accepts; every
 * accepted one is logged with a warning at start. Checked once, in bootstrap, for every process.
 */
import type { Logger } from 'pino';
import { ConfigError, type Config } from './config';
import { temporalUsesTls } from './temporal-connection';

export const INSECURE_SETTINGS = {
  'kafka-plaintext': 'KAFKA_SSL is not true: Kafka traffic (referrals, audit records) is plaintext',
  'kafka-unauthenticated': 'KAFKA_SASL_MECHANISM is not set: the broker does not know who publishes',
  'temporal-plaintext': 'TEMPORAL_TLS is not true (and no client certificate or API key): Temporal traffic is plaintext',
  'http-issuer': 'OIDC_ISSUER or OIDC_JWKS_URL is http://: token keys can be swapped in transit',
  'database-plaintext': 'DATABASE_URL does not ask for TLS (sslmode=require, verify-ca or verify-full)',
  'embedded-audit-store': 'DATABASE_URL is not set: the audit store is the embedded PGlite folder, owned by the application',
} as const;
export type InsecureSetting = keyof typeof INSECURE_SETTINGS;

const DB_TLS = /[?&](sslmode=(require|verify-ca|verify-full)|ssl=true)(&|$)/;

/** The unsafe settings of a configuration (whatever NODE_ENV says). */
export function insecureSettings(c: Config): InsecureSetting[] {
  const found: InsecureSetting[] = [];
  if (!c.KAFKA_SSL) found.push('kafka-plaintext');
  if (!c.KAFKA_SASL_MECHANISM) found.push('kafka-unauthenticated');
  if (!temporalUsesTls(c)) found.push('temporal-plaintext');
  if ([c.OIDC_ISSUER, c.OIDC_JWKS_URL].some((u) => u?.startsWith('http://'))) found.push('http-issuer');
  if (!c.DATABASE_URL) found.push('embedded-audit-store');
  else if (!DB_TLS.test(c.DATABASE_URL)) found.push('database-plaintext');
  return found;
}

/** In production: throws a ConfigError naming each unsafe setting not overridden; warns for each overridden one. */
export function enforceProductionSafety(c: Config, logger: Logger): void {
  const unknown = c.DOLBOM_ALLOW_INSECURE.filter((n) => !(n in INSECURE_SETTINGS));
  if (unknown.length > 0) {
    throw new ConfigError(
      `DOLBOM_ALLOW_INSECURE: unknown names ${unknown.join(', ')} (known: ${Object.keys(INSECURE_SETTINGS).join(', ')})`,
    );
  }
  if (c.NODE_ENV !== 'production') return;
  const found = insecureSettings(c);
  const refused = found.filter((n) => !c.DOLBOM_ALLOW_INSECURE.includes(n));
  for (const name of found.filter((n) => c.DOLBOM_ALLOW_INSECURE.includes(n))) {
    logger.warn(
      { setting: name, why: INSECURE_SETTINGS[name] },
      `production runs with an unsafe setting, allowed by DOLBOM_ALLOW_INSECURE=${name}`,
    );
  }
  if (refused.length > 0) {
    throw new ConfigError(
      `Production refuses unsafe settings:\n${refused.map((n) => `  ${n}: ${INSECURE_SETTINGS[n]}`).join('\n')}\n` +
        `Fix them, or accept each one explicitly with DOLBOM_ALLOW_INSECURE=${refused.join(',')} (logged at every start).`,
    );
  }
}
