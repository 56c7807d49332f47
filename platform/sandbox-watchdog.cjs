/**
 * One watchdog per thread for workflow code that never returns, instead of Node's one thread per call.
 *
 * The Temporal SDK runs every call into the workflow sandbox as `script.runInContext(context, { timeout })`
 * (`@temporalio/worker` lib/workflow/reusable-vm.js; `isolateExecutionTimeout`, 5 s), so that a workflow stuck in
 * a loop cannot hold its thread. Node enforces such a timeout by creating and joining a native thread for each
 * call (src/node_contextify.cc, `Watchdog`; nodejs/help#3110, nodejs/node#47739), which the call then joins. The SDK
 * calls into the sandbox four to six times per activation: the worker created 3,397 threads for 30 cases, about
 * 100 µs of CPU each, and on busy cores a call waited up to milliseconds for its thread to be scheduled and joined
 * (docs/performance.md, 2026-12-02 midday).
 *
 * Loaded with `node --require` into the worker process (infra/env.sh `dolbom_node_flags`, faults/stack.ts), and so
 * into every thread it starts (worker threads inherit the flags), this wraps `vm.Script.prototype.runInContext`:
 * a call with a timeout runs without Node's per-call thread, and records its deadline (monotonic clock) in memory
 * shared with one watchdog thread, started with the first such call. When a call is still running past its
 * deadline, the watchdog logs it (pino, fatal), leaves a mark (below) and kills the process: the supervisor
 * (infra/supervise.sh, faults/stack.ts) starts it again, and Temporal gives the workflow task to the new worker.
 *
 * The SDK, by contrast, fails only that workflow's task and keeps the process. So that a workflow which loops on
 * every replay does not restart the worker again and again, a worker started within MARK_HOLDS_MS of such a kill
 * (or one whose watchdog could not start) leaves every call to Node's own timeout, as the SDK does: the stuck
 * workflow's task fails on its own, and the other workflows carry on at the old cost.
 *
 * Plain CommonJS, because `--require` loads it before tsx is registered.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { Worker, threadId } = require('node:worker_threads');

/** How often the watchdog looks at the deadline. */
const CHECK_MS = 200;
/** How long after a kill new worker processes keep Node's per-call timeouts. */
const MARK_HOLDS_MS = 60 * 60 * 1000;
const WRAPPED = Symbol.for('dolbom.sandbox-watchdog');
/** Left by a kill, in the stack's data folder (`DOLBOM_DATA_DIR`, with platform/config.ts's default). */
const MARK = path.join(process.env.DOLBOM_DATA_DIR || path.resolve(__dirname, '..', '.data'), 'sandbox-watchdog.killed');

const WATCHDOG_SOURCE = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const [deadline, timeout] = [new BigInt64Array(workerData.shared, 0, 1), new BigInt64Array(workerData.shared, 8, 1)];
const nap = new Int32Array(new SharedArrayBuffer(4));
const pino = require(workerData.pino);
const logger = pino({ name: 'dolbom-sandbox-watchdog' }, pino.destination({ fd: 2, sync: true }));
for (;;) {
  Atomics.wait(nap, 0, 0, workerData.checkMs);
  const due = Atomics.load(deadline, 0);
  const now = process.hrtime.bigint();
  if (due !== 0n && now > due) {
    logger.fatal(
      { threadId: workerData.threadId, overMs: Number((now - due) / 1000000n), timeoutMs: Number(Atomics.load(timeout, 0)), mark: workerData.mark },
      'workflow code ran past its deadline (a loop that never yields?): killing the worker process for its supervisor to restart it; the next one leaves the timeouts to Node',
    );
    try { fs.writeFileSync(workerData.mark, new Date().toISOString()); } catch {}
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

/** Why this process leaves the timeouts to Node, if it does. */
function reasonToStandAside() {
  try {
    const age = Date.now() - fs.statSync(MARK).mtimeMs;
    if (age < MARK_HOLDS_MS) return `a worker was killed for workflow code past its deadline ${Math.round(age / 1000)} s ago (${MARK})`;
  } catch {
    // No mark: no recent kill.
  }
  return undefined;
}

const original = vm.Script.prototype.runInContext;
if (!original[WRAPPED]) {
  let standAside = reasonToStandAside();
  /** The running call's deadline (process.hrtime.bigint() ns; 0: none) and its timeout (ms), shared with the watchdog. */
  let deadline;
  let timeoutMs;
  let depth = 0;
  let toldWhy = false;
  // pino is not loaded here: this runs in the SDK's workflow thread, before anything else.
  const say = (msg, extra) =>
    process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), name: 'dolbom-sandbox-watchdog', threadId, ...extra, msg })}\n`);
  const watch = () => {
    const shared = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
    deadline = new BigInt64Array(shared, 0, 1);
    timeoutMs = new BigInt64Array(shared, 8, 1);
    const watchdog = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      // Not this file again, nor tsx: the watchdog runs nothing but the loop above.
      execArgv: [],
      workerData: { shared, checkMs: CHECK_MS, pino: require.resolve('pino'), threadId, mark: MARK },
    });
    watchdog.on('error', (err) => {
      standAside = 'the watchdog thread failed';
      say('the sandbox watchdog failed: leaving workflow code timeouts to Node from now on', {
        err: String(err && err.stack ? err.stack : err),
      });
    });
    watchdog.unref();
  };
  const runInContext = function (context, options) {
    // Calls without a timeout, calls made from inside a watched one, and every call once the watchdog stands aside,
    // keep Node's behaviour.
    const timeout = options === undefined || options === null ? undefined : options.timeout;
    if (standAside || !Number.isSafeInteger(timeout) || timeout <= 0 || depth > 0) {
      if (standAside && timeout !== undefined && !toldWhy) {
        toldWhy = true;
        say('leaving the timeouts of workflow code to Node in this thread', { reason: standAside });
      }
      return original.call(this, context, options);
    }
    if (!deadline) watch();
    const { timeout: _watched, ...rest } = options;
    depth += 1;
    Atomics.store(timeoutMs, 0, BigInt(timeout));
    Atomics.store(deadline, 0, process.hrtime.bigint() + BigInt(timeout) * 1000000n);
    try {
      return original.call(this, context, rest);
    } finally {
      Atomics.store(deadline, 0, 0n);
      depth -= 1;
    }
  };
  runInContext[WRAPPED] = true;
  vm.Script.prototype.runInContext = runInContext;
}
