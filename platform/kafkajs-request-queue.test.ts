/**
 * kafkajs 2.2.4 re-armed a 1 ms timer on every connection for as long as the connection lived, whenever nothing was
 * pending (tulios/kafkajs#1556): 9% of the worker's and the API's busy main thread at full load, and 37% of the
 * bridge's (docs/performance.md). patches/kafkajs+2.2.4.patch (applied by `npm ci`'s postinstall) stops it; these
 * tests fail without it, and show requests held back by the in-flight limit or a throttle still go out.
 */
import RequestQueue from 'kafkajs/src/network/requestQueue';

const logger = { debug: () => undefined, warn: () => undefined };
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'b:9092',
    logger,
  });
const request = (correlationId: number) => {
  const sendRequest = jest.fn();
  const entry = { correlationId, apiKey: 1, apiName: 'Fetch', apiVersion: 11, resolve: jest.fn(), reject: jest.fn() };
  return { sent: sendRequest, resolved: entry.resolve, pushed: { entry, expectResponse: true, sendRequest } };
};

describe('the kafkajs request queue (patched)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('arms no timer once its last request is answered', () => {
    const q = queue();
    const r = request(1);
    q.push(r.pushed);
    expect(r.sent).toHaveBeenCalledTimes(1);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(r.resolved).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held back by the in-flight limit when the one before it is answered', () => {
    const q = queue();
    const first = request(1);
    const second = request(2);
    q.push(first.pushed);
    q.push(second.pushed);
    expect(second.sent).not.toHaveBeenCalled();
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(second.sent).toHaveBeenCalledTimes(1);
    q.fulfillRequest({ correlationId: 2, payload: null, size: 0 });
    // The check the held-back request armed fires once, finds nothing pending, and arms nothing more.
    jest.advanceTimersByTime(20);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held back by a broker throttle when the throttle ends', () => {
    const q = queue();
    q.maybeThrottle(50);
    const r = request(1);
    q.push(r.pushed);
    expect(r.sent).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60);
    expect(r.sent).toHaveBeenCalledTimes(1);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(jest.getTimerCount()).toBe(0);
    q.destroy();
  });
});
