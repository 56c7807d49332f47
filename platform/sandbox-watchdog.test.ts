/**
 * The sandbox watchdog (platform/sandbox-watchdog.cjs), in child processes that preload it as the worker does:
 * a call with a timeout answers as before without Node's per-call watchdog, its errors reach the caller, code that
 * never returns takes the process down (from the main thread and from a worker thread, where the SDK runs
 * workflows), and the next process after such a kill leaves the timeouts to Node, as the SDK alone would.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_WATCHDOG_FLAGS } from './sandbox-watchdog';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-watchdog-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const run = (script: string) =>
  spawnSync(process.execPath, [...SANDBOX_WATCHDOG_FLAGS, '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, DOLBOM_DATA_DIR: dataDir },
  });

// Records the timeout each call hands to Node's native runInContext (-1: none, so no per-call thread).
const VM = `const vm = require('node:vm'); const context = vm.createContext({ n: 0 });
  const native = Object.getPrototypeOf(vm.Script.prototype); const nativeRun = native.runInContext; const nativeTimeouts = [];
  native.runInContext = function (...args) { nativeTimeouts.push(args[1]); return nativeRun.apply(this, args); };`;
const LOOP = `new vm.Script('for (;;) {}').runInContext(context, { timeout: 300 });`;

describe('sandbox watchdog', () => {
  it('runs calls with a timeout without Node’s per-call watchdog, with the same results and errors', () => {
    const r = run(`${VM}
      const step = new vm.Script('n += 1; n');
      let last;
      for (let i = 0; i < 1000; i++) last = step.runInContext(context, { timeout: 300, displayErrors: true });
      let message;
      try { new vm.Script('throw new Error("from the sandbox")').runInContext(context, { timeout: 300 }); } catch (e) { message = e.message; }
      // Well past the timeout after the error: nothing is left watched.
      setTimeout(() => console.log(JSON.stringify({ last, message, timeouts: [...new Set(nativeTimeouts)] })), 800);`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ last: 1000, message: 'from the sandbox', timeouts: [-1] });
  });

  it('kills the process when a call runs past its timeout, says why, and leaves its mark', () => {
    const started = Date.now();
    const r = run(`${VM} ${LOOP}`);
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(15_000);
    const line = JSON.parse(r.stderr.trim().split('\n').pop()!) as { level: number; msg: string; timeoutMs: number };
    expect(line).toMatchObject({ level: 60, timeoutMs: 300 });
    expect(line.msg).toMatch(/ran past its deadline/);
    expect(fs.existsSync(path.join(dataDir, 'sandbox-watchdog.killed'))).toBe(true);
  });

  it('watches worker threads too, which inherit the preload', () => {
    const r = run(`
      const { Worker } = require('node:worker_threads');
      new Worker(${JSON.stringify(`${VM} ${LOOP}`)}, { eval: true });
      setInterval(() => {}, 1000); // the main thread stays responsive; only the watchdog can end this
    `);
    expect(r.signal).toBe('SIGKILL');
    expect(r.stderr).toMatch(/ran past its deadline/);
  });

  it('after a kill, leaves the timeouts to Node: the stuck call fails on its own and the process lives', () => {
    expect(run(`${VM} ${LOOP}`).signal).toBe('SIGKILL');
    const r = run(`${VM} try { ${LOOP} } catch (e) { console.log(JSON.stringify({ message: e.message, timeouts: nativeTimeouts })); }`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ message: 'Script execution timed out after 300ms', timeouts: [300] });
    expect(r.stderr).toMatch(/leaving the timeouts of workflow code to Node/);
  });

  it('leaves calls without a timeout to Node', () => {
    const r = run(`${VM} console.log(new vm.Script('n + 41').runInContext(context) + 1);`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('42');
  });
});
