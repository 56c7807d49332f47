import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTimeSkipping, TEST_SERVER_START_ATTEMPTS } from './time-skipping';

// The message sdk-core gives when the server it spawned did not answer in time (ephemeral_server/mod.rs).
const timedOut = () =>
  new Error(
    "ephemeral server at 127.0.0.1:39325 did not start within 5s. Make sure another download isn't stuck and delete the temp file.",
  );
const env = {} as TestWorkflowEnvironment;

describe('starting the time-skipping test server', () => {
  it('tries a start that timed out again, and returns the first server that answers', async () => {
    const start = jest.fn().mockRejectedValueOnce(timedOut()).mockResolvedValueOnce(env);
    await expect(startTimeSkipping(start, TEST_SERVER_START_ATTEMPTS, 0)).resolves.toBe(env);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt with the timeout itself', async () => {
    const start = jest.fn().mockImplementation(() => Promise.reject(timedOut()));
    await expect(startTimeSkipping(start, TEST_SERVER_START_ATTEMPTS, 0)).rejects.toThrow(/did not start within/);
    expect(start).toHaveBeenCalledTimes(TEST_SERVER_START_ATTEMPTS);
  });

  it('throws any other failure at once', async () => {
    const start = jest.fn().mockRejectedValue(new Error('ephemeral server executable does not exist: /nowhere'));
    await expect(startTimeSkipping(start, TEST_SERVER_START_ATTEMPTS, 0)).rejects.toThrow(/does not exist/);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
