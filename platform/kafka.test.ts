import { kafkaSecurityOptions, noDelaySocketFactory } from './kafka';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

describe('kafkaSecurityOptions', () => {
  it('is plaintext without settings', () => {
    expect(kafkaSecurityOptions({ KAFKA_SSL: false })).toEqual({ ssl: false });
  });

  it('trusts the configured CA and authenticates as the configured principal', () => {
    const ca = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-ca-')), 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    expect(
      kafkaSecurityOptions({
        KAFKA_SSL: true,
        KAFKA_SSL_CA: ca,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'dolbom-bridge',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toEqual({
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n'] },
      sasl: { mechanism: 'scram-sha-512', username: 'dolbom-bridge', password: 'p' },
    });
  });

  it('uses the system CAs when TLS has no CA file', () => {
    expect(
      kafkaSecurityOptions({ KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toEqual({
      ssl: true,
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
  });
});

describe('noDelaySocketFactory', () => {
  it("connects with Nagle's algorithm off, so a small request is not held for the broker's delayed ACK", async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const setNoDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const { port } = server.address() as net.AddressInfo;
      let socket: net.Socket | undefined;
      await new Promise<void>((onConnect) => {
        socket = noDelaySocketFactory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect });
      });
      expect(setNoDelay.mock.contexts).toContain(socket);
      expect(setNoDelay.mock.calls.every(([on]) => on !== false)).toBe(true);
      socket!.destroy();
    } finally {
      setNoDelay.mockRestore();
      await new Promise((r) => server.close(r));
    }
  });
});
