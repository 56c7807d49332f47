/**
 * The one data converter of every process that talks to Temporal: payloads are encrypted with AES-256-GCM
 * before they leave the process (privacy/encryption-codec.ts). Keys come from the environment in production
 * and from a local keyring in the data folder for the embedded default.
 */
import type { DataConverter } from '@temporalio/common';
import { createEncryptionCodec, dataConverterWith } from '../privacy/encryption-codec';
import { resolveKeyring, type Keyring } from '../privacy/keyring';
import type { Config } from './config';

export function createDataConverter(config: Config): {
  dataConverter: DataConverter;
  codec: ReturnType<typeof createEncryptionCodec>;
  /** The same keys seal audit records (privacy/audit-seal.ts). */
  keyring: Keyring;
} {
  const keyring = resolveKeyring({ env: process.env, dataDir: config.DOLBOM_DATA_DIR, production: config.NODE_ENV === 'production' });
  const codec = createEncryptionCodec(keyring);
  return { dataConverter: dataConverterWith(codec), codec, keyring };
}
