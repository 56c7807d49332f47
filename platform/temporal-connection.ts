/**
 * The one way every Dolbom process connects to Temporal: the address, and for a real cluster TLS (a CA to trust,
 * a server name), mTLS (a client certificate and key) or an API key (Temporal Cloud; implies TLS). Read from
 * TEMPORAL_TLS, TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY
 * (platform/config.ts). Plaintext is the local default, refused in production (platform/production-safety.ts).
 */
import fs from 'node:fs';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from './config';

type TemporalConfig = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CA'
  | 'TEMPORAL_TLS_CERT'
  | 'TEMPORAL_TLS_KEY'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

/** Whether the connection is encrypted: TLS asked for, or implied by a client certificate or an API key. */
export function temporalUsesTls(c: TemporalConfig): boolean {
  return c.TEMPORAL_TLS || c.TEMPORAL_TLS_CERT !== undefined || c.TEMPORAL_API_KEY !== undefined;
}

/** The connection options both SDK connections share (their TLS shapes are the same). */
export function temporalConnectionOptions(c: TemporalConfig, read: (file: string) => Buffer = (f) => fs.readFileSync(f)) {
  const tls = temporalUsesTls(c)
    ? {
        ...(c.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: c.TEMPORAL_TLS_SERVER_NAME } : {}),
        ...(c.TEMPORAL_TLS_CA ? { serverRootCACertificate: read(c.TEMPORAL_TLS_CA) } : {}),
        ...(c.TEMPORAL_TLS_CERT && c.TEMPORAL_TLS_KEY
          ? { clientCertPair: { crt: read(c.TEMPORAL_TLS_CERT), key: read(c.TEMPORAL_TLS_KEY) } }
          : {}),
      }
    : undefined;
  return {
    address: c.TEMPORAL_ADDRESS,
    ...(tls ? { tls } : {}),
    ...(c.TEMPORAL_API_KEY ? { apiKey: c.TEMPORAL_API_KEY } : {}),
  };
}

export function connectTemporalClient(c: TemporalConfig): Promise<Connection> {
  return Connection.connect(temporalConnectionOptions(c) satisfies ConnectionOptions);
}

export function connectTemporalWorker(c: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(c) satisfies NativeConnectionOptions);
}
