import { ConfigError, parseConfig } from './config';

describe('config', () => {
  it('defaults to the embedded local servers', () => {
    const c = parseConfig({});
    expect(c.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(c.API_PORT).toBe(8080);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.API_RATE_LIMIT_PER_MINUTE).toBe(1200);
  });

  it('takes a per-principal rate limit of at least one request a minute', () => {
    expect(parseConfig({ API_RATE_LIMIT_PER_MINUTE: '6000' }).API_RATE_LIMIT_PER_MINUTE).toBe(6000);
    expect(() => parseConfig({ API_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
    expect(() => parseConfig({ API_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
  });

  it('names every wrong variable in one message', () => {
    let error: unknown;
    try {
      parseConfig({ TEMPORAL_ADDRESS: 'no-port', API_PORT: '99999', KAFKA_BROKERS: 'a:1,b', DOLBOM_POLICY_OVERRIDES: '{nope' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['TEMPORAL_ADDRESS', 'API_PORT', 'KAFKA_BROKERS', 'DOLBOM_POLICY_OVERRIDES']) expect(message).toContain(name);
  });

  it('requires an OIDC issuer in production, and its JWKS with it', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/OIDC_ISSUER/);
    expect(() => parseConfig({ OIDC_ISSUER: 'https://id.example' })).toThrow(/OIDC_JWKS_URL/);
    expect(
      parseConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://id.example', OIDC_JWKS_URL: 'https://id.example/jwks' }).NODE_ENV,
    ).toBe('production');
  });

  it('takes a Kafka principal (SASL) and TLS, all of a kind together', () => {
    const c = parseConfig({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA: '/etc/dolbom/kafka-ca.pem',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'dolbom-worker',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(c.KAFKA_SSL).toBe(true);
    expect(c.KAFKA_SASL_USERNAME).toBe('dolbom-worker');
    expect(parseConfig({}).KAFKA_SSL).toBe(false);
    expect(() => parseConfig({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'x' })).toThrow(/KAFKA_SASL_PASSWORD/);
    expect(() => parseConfig({ KAFKA_SASL_USERNAME: 'x', KAFKA_SASL_PASSWORD: 'y' })).toThrow(/KAFKA_SASL_USERNAME/);
    expect(() => parseConfig({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
    expect(() => parseConfig({ KAFKA_SSL_CA: '/ca.pem' })).toThrow(/KAFKA_SSL_CA/);
    expect(() => parseConfig({ KAFKA_SSL: 'yes' })).toThrow(/KAFKA_SSL/);
  });
});
