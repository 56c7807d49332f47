/**
 * How long one attempt of an activity may run before Temporal retries it elsewhere. A publish or a provider
 * lookup takes milliseconds; a short timeout bounds how long a case waits for an activity lost with a killed
 * worker (measured by npm run test:faults). The benchmark's bare-Temporal baseline uses the same value
 * (bench/baseline.workflow.ts), so both paths ask Temporal for the same timeout timers.
 */
export const ACTIVITY_START_TO_CLOSE = '10 seconds';
