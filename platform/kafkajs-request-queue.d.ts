/**
 * The internal kafkajs request queue, typed only as far as platform/kafkajs-request-queue.test.ts drives it: that
 * test checks the patch in patches/kafkajs+2.2.4.patch is applied.
 */
declare module 'kafkajs/src/network/requestQueue' {
  interface Entry {
    correlationId: number;
    apiKey: number;
    apiName: string;
    apiVersion: number;
    resolve(response: unknown): void;
    reject(error: unknown): void;
  }
  export default class RequestQueue {
    constructor(options: {
      maxInFlightRequests: number | null;
      requestTimeout: number;
      enforceRequestTimeout: boolean;
      clientId: string;
      broker: string;
      logger: { debug(...args: unknown[]): void; warn(...args: unknown[]): void };
    });
    push(request: { entry: Entry; expectResponse: boolean; sendRequest(): void }): void;
    fulfillRequest(response: { correlationId: number; payload: Buffer | null; size: number }): void;
    maybeThrottle(clientSideThrottleTimeMs: number | null): void;
    destroy(): void;
  }
}
