import pino from 'pino';
import { parseConfig } from './config';
import { enforceProductionSafety, insecureSettings } from './production-safety';

const safe = {
  NODE_ENV: 'production',
  OIDC_ISSUER: 'https://idp.seoul.example',
  OIDC_JWKS_URL: 'https://idp.seoul.example/jwks',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'dolbom-worker',
  KAFKA_SASL_PASSWORD: 'from-the-secret-store',
  TEMPORAL_TLS: 'true',
  DATABASE_URL: 'postgres://dolbom_app@db.example/dolbom?sslmode=verify-full',
};

function captured() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) }) };
}

describe('production safety', () => {
  test('a safe production configuration starts', () => {
    expect(insecureSettings(parseConfig(safe))).toEqual([]);
    expect(() => enforceProductionSafety(parseConfig(safe), captured().logger)).not.toThrow();
  });

  test('production refuses each unsafe setting by name', () => {
    const c = parseConfig({
      ...safe,
      KAFKA_SSL: 'false',
      KAFKA_SASL_MECHANISM: undefined,
      KAFKA_SASL_USERNAME: undefined,
      KAFKA_SASL_PASSWORD: undefined,
      TEMPORAL_TLS: 'false',
      OIDC_JWKS_URL: 'http://idp.seoul.example/jwks',
      DATABASE_URL: 'postgres://dolbom_app@db.example/dolbom',
    });
    expect(() => enforceProductionSafety(c, captured().logger)).toThrow(
      /kafka-plaintext[\s\S]*kafka-unauthenticated[\s\S]*temporal-plaintext[\s\S]*http-issuer[\s\S]*database-plaintext/,
    );
    const { DATABASE_URL: _omit, ...noDb } = safe;
    expect(() => enforceProductionSafety(parseConfig(noDb), captured().logger)).toThrow(/embedded-audit-store/);
  });

  test('an explicit override starts, with a warning naming each; an unknown name is refused', () => {
    const { lines, logger } = captured();
    const c = parseConfig({ ...safe, TEMPORAL_TLS: 'false', DOLBOM_ALLOW_INSECURE: 'temporal-plaintext' });
    expect(() => enforceProductionSafety(c, logger)).not.toThrow();
    expect(lines.join('')).toContain('DOLBOM_ALLOW_INSECURE=temporal-plaintext');
    expect(() => enforceProductionSafety(parseConfig({ ...safe, DOLBOM_ALLOW_INSECURE: 'everything' }), logger)).toThrow(
      /unknown names everything/,
    );
  });

  test('development is not refused', () => {
    expect(() => enforceProductionSafety(parseConfig({}), captured().logger)).not.toThrow();
  });
});
