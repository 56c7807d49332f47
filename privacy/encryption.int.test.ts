/**
 * Against the real Temporal dev server: with the encryption codec on the client and the worker, neither the
 * name nor the RRN reaches Temporal's history in clear, while the codec's own client reads the result back.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { uniqueId } from '../test/harness/ids';
import { testSettings } from '../test/harness/settings';
import { createEncryptionCodec, dataConverterWith, ENCODING_ENCRYPTED } from './encryption-codec';
import type { echoWorkflow, refuseWorkflow } from './test-workflows/echo.workflow';

const input = { personal: { name: '홍길순', rrn: '480312-2123456' } };

/**
 * History as JSON with every byte array shown as UTF-8 text, so plaintext in any payload would be visible.
 * (Plain JSON.stringify would not do: protobuf messages' toJSON turns bytes into base64, hiding plaintext.)
 */
function historyText(history: History): string {
  const bytesAsText = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    if (Array.isArray(v)) return v.map(bytesAsText);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bytesAsText(x)]));
    return v;
  };
  return JSON.stringify(bytesAsText(history));
}

describe('payload encryption on the real Temporal server', () => {
  const s = testSettings();
  const codec = createEncryptionCodec({ activeKeyId: 'int-test', keys: new Map([['int-test', randomBytes(32)]]) });
  const dataConverter = dataConverterWith(codec);
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let encrypting: Client;
  let plain: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address: s.temporalAddress });
    nativeConnection = await NativeConnection.connect({ address: s.temporalAddress });
    encrypting = new Client({ connection, namespace: s.namespace, dataConverter });
    plain = new Client({ connection, namespace: s.namespace });
  });
  afterAll(async () => {
    await connection?.close();
    await nativeConnection?.close();
  });

  it('stores only ciphertext in history, and the codec client gets the input back', async () => {
    const taskQueue = uniqueId('privacy');
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: s.namespace,
      taskQueue,
      workflowsPath: require.resolve('./test-workflows/echo.workflow'),
      dataConverter,
    });

    const [encryptedId, plainId, failedId] = [uniqueId('privacy-encrypted'), uniqueId('privacy-plain'), uniqueId('privacy-failed')];
    const { result, fromPlainClient, failure } = await worker.runUntil(async () => {
      const handle = await encrypting.workflow.start<typeof echoWorkflow>('echoWorkflow', {
        taskQueue,
        workflowId: encryptedId,
        args: [input],
      });
      // Control: the same input started without the codec is in clear in history, so the check below can see it.
      await plain.workflow.start<typeof echoWorkflow>('echoWorkflow', { taskQueue, workflowId: plainId, args: [input] });
      return {
        result: await handle.result(),
        // The worker decodes unencrypted input (pass-through) and encrypts the result; only the codec client can read it.
        fromPlainClient: await encrypting.workflow.getHandle<typeof echoWorkflow>(plainId).result(),
        failure: await encrypting.workflow
          .execute<typeof refuseWorkflow>('refuseWorkflow', { taskQueue, workflowId: failedId, args: [input] })
          .catch((e: unknown) => e),
      };
    });

    expect(result).toEqual(input);
    expect(fromPlainClient).toEqual(input);

    const history = await plain.workflow.getHandle(encryptedId).fetchHistory();
    const text = historyText(history);
    expect(text).not.toContain('홍길순');
    expect(text).not.toContain('480312');
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const inputPayload = started?.input?.payloads?.[0];
    expect(Buffer.from(inputPayload?.metadata?.encoding ?? []).toString()).toBe(ENCODING_ENCRYPTED);
    expect(Buffer.from(inputPayload?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('int-test');
    const completed = history.events?.find((e) => e.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes;
    expect(Buffer.from(completed?.result?.payloads?.[0]?.metadata?.encoding ?? []).toString()).toBe(ENCODING_ENCRYPTED);

    // A failure's message is encrypted too (encodeCommonAttributes), and the codec client reads it back.
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.message).toBe('refused: 홍길순 is not eligible');
    expect(cause.type).toBe('DolbomTestRefusal');
    const failedText = historyText(await plain.workflow.getHandle(failedId).fetchHistory());
    expect(failedText).toContain('DolbomTestRefusal');
    expect(failedText).not.toContain('홍길순');
    expect(failedText).not.toContain('not eligible');

    const controlText = historyText(await plain.workflow.getHandle(plainId).fetchHistory());
    expect(controlText).toContain('홍길순');
    expect(controlText).toContain('480312');
  });
});
