/**
 * One watchdog per thread for workflow code that never returns, instead of Node's one thread per call.
 *
 * The Temporal SDK runs every call into the workflow sandbox as `script.runInContext(context, { timeout })`
 * (`@temporalio/worker` lib/workflow/reusable-vm.js; `isolateExecutionTimeout`, 5 s), so that a workflow stuck in
 * a loop cannot hold its thread. Node enforces such a timeout by creating and joining a native thread for each
 * call (src/node_contextify.cc, `Watchdog`; nodejs/help#3110, nodejs/node#47739). The SDK calls into the sandbox
 * four to six times per activation: in the worker's profile that thread churn was 41% of the workflow thread's
 * CPU (docs/performance.md, 2026-12-02 midday).
 *
 * Loaded with `node --require` into the worker process (infra/env.sh `dolbom_node_flags`, faults/stack.ts), and so
 * into every thread it starts (worker threads inherit the flags), this wraps `vm.Script.prototype.runInContext`:
 * a call with a timeout runs without Node's per-call thread, and records its deadline in memory shared with one
 * watchdog thread, started with the first such call. When a call is still running past its deadline, the
 * watchdog logs it (pino, fatal) and kills the process: the supervisor (infra/supervise.sh, faults/stack.ts)
 * starts it again, and Temporal gives the workflow task to the new worker. The SDK, by contrast, fails only that
 * workflow's task and keeps the process; a thread cannot be interrupted from JavaScript but by Node's own
 * per-call watchdog, so this is the price of not paying it on every call.
 *
 * Plain CommonJS, because `--require` loads it before tsx is registered.
 */
'use strict';
const vm = require('node:vm');
const { Worker } = require('node:worker_threads');

/** How often the watchdog looks at the deadline. */
const CHECK_MS = 200;
const WRAPPED = Symbol.for('dolbom.sandbox-watchdog');

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const deadline = new Float64Array(workerData.shared);
const nap = new Int32Array(new SharedArrayBuffer(4));
const logger = require(workerData.pino)({ name: 'dolbom-sandbox-watchdog' }, require(workerData.pino).destination({ fd: 2, sync: true }));
for (;;) {
  Atomics.wait(nap, 0, 0, workerData.checkMs);
  const due = deadline[0];
  if (due !== 0 && Date.now() > due) {
    logger.fatal(
      { threadId: workerData.threadId, overMs: Date.now() - due, timeoutMs: deadline[1] },
      'workflow code ran past its deadline (a loop that never yields?): killing the worker process for its supervisor to restart it',
    );
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

const original = vm.Script.prototype.runInContext;
if (!original[WRAPPED]) {
  /** [deadline in ms since the epoch (0: no call running), its timeout], shared with the watchdog thread. */
  let deadline;
  let depth = 0;
  const watch = () => {
    const shared = new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT);
    deadline = new Float64Array(shared);
    const watchdog = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      // Not this file again, nor tsx: the watchdog runs nothing but the loop above.
      execArgv: [],
      workerData: { shared, checkMs: CHECK_MS, pino: require.resolve('pino'), threadId: require('node:worker_threads').threadId },
    });
    watchdog.unref();
  };
  const runInContext = function (context, options) {
    // Calls without a timeout, and calls made from inside a watched one, keep Node's behaviour.
    if (options === undefined || options === null || options.timeout === undefined || depth > 0) {
      return original.call(this, context, options);
    }
    if (!deadline) watch();
    const { timeout, ...rest } = options;
    depth += 1;
    deadline[1] = timeout;
    deadline[0] = Date.now() + timeout;
    try {
      return original.call(this, context, rest);
    } finally {
      deadline[0] = 0;
      depth -= 1;
    }
  };
  runInContext[WRAPPED] = true;
  vm.Script.prototype.runInContext = runInContext;
}
