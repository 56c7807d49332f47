/**
 * Tests encrypt payloads like production, with a fixed test keyring, so recorded histories stay replayable.
 */
import { createEncryptionCodec, dataConverterWith } from '../../privacy/encryption-codec';

export const TEST_KEYRING = { activeKeyId: 'test-1', keys: new Map([['test-1', Buffer.alloc(32, 7)]]) };
export const testCodec = createEncryptionCodec(TEST_KEYRING);
export const testDataConverter = dataConverterWith(testCodec);
