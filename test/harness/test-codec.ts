/**
 * Tests encrypt payloads like production, with a fixed test keyring, so recorded histories stay replayable.
 */
import { createAuditSealer } from '../../privacy/audit-seal';
import { createEncryptionCodec, dataConverterWith } from '../../privacy/encryption-codec';

export const TEST_KEYRING = { activeKeyId: 'test-1', keys: new Map([['test-1', Buffer.alloc(32, 7)]]) };
export const testCodec = createEncryptionCodec(TEST_KEYRING);
export const testDataConverter = dataConverterWith(testCodec);
/** Seals the tests' audit records with the same keyring, as the worker and API do. */
export const testAuditSealer = createAuditSealer(TEST_KEYRING);
