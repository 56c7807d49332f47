/**
 * The worker process's preload that replaces Node's per-call watchdog thread for the workflow sandbox with one
 * watchdog per thread (platform/sandbox-watchdog.cjs, where the why is). Started from a shell, the worker gets it
 * from infra/env.sh `dolbom_node_flags`; started from TypeScript (faults/stack.ts), from here.
 */
import path from 'node:path';

export const SANDBOX_WATCHDOG_PRELOAD = path.resolve(__dirname, 'sandbox-watchdog.cjs');

/** Node's flags that load it (worker threads inherit them, so the SDK's workflow threads load it too). */
export const SANDBOX_WATCHDOG_FLAGS: readonly string[] = ['--require', SANDBOX_WATCHDOG_PRELOAD];
