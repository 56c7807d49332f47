/**
 * The sandbox watchdog (platform/sandbox-watchdog.cjs), in child processes that preload it as the worker does:
 * a call with a timeout answers as before, its errors reach the caller, and code that never returns takes the
 * process down, from the main thread and from a worker thread (where the SDK runs workflows).
 */
import { spawnSync } from 'node:child_process';
import { SANDBOX_WATCHDOG_FLAGS } from './sandbox-watchdog';

const run = (script: string, timeoutMs = 20_000) =>
  spawnSync(process.execPath, [...SANDBOX_WATCHDOG_FLAGS, '-e', script], { encoding: 'utf8', timeout: timeoutMs });

const VM = `const vm = require('node:vm'); const context = vm.createContext({ n: 0 });`;

describe('sandbox watchdog', () => {
  it('runs calls with a timeout without Node’s watchdog, with the same results and errors', () => {
    const r = run(`${VM}
      const step = new vm.Script('n += 1; n');
      let last;
      for (let i = 0; i < 1000; i++) last = step.runInContext(context, { timeout: 300, displayErrors: true });
      let message;
      try { new vm.Script('throw new Error("from the sandbox")').runInContext(context, { timeout: 300 }); } catch (e) { message = e.message; }
      // Well past the timeout after the error: nothing is left watched.
      setTimeout(() => console.log(JSON.stringify({ last, message, wrapped: !!vm.Script.prototype.runInContext[Symbol.for('dolbom.sandbox-watchdog')] })), 800);`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ last: 1000, message: 'from the sandbox', wrapped: true });
  });

  it('kills the process when a call runs past its timeout, and says why', () => {
    const started = Date.now();
    const r = run(`${VM} new vm.Script('for (;;) {}').runInContext(context, { timeout: 300 });`);
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(15_000);
    const line = JSON.parse(r.stderr.trim().split('\n').pop()!) as { level: number; msg: string; timeoutMs: number };
    expect(line).toMatchObject({ level: 60, timeoutMs: 300 });
    expect(line.msg).toMatch(/ran past its deadline/);
  });

  it('watches worker threads too, which inherit the preload', () => {
    const r = run(`
      const { Worker } = require('node:worker_threads');
      new Worker(${JSON.stringify(`${VM} new vm.Script('for (;;) {}').runInContext(context, { timeout: 300 });`)}, { eval: true });
      setInterval(() => {}, 1000); // the main thread stays responsive; only the watchdog can end this
    `);
    expect(r.signal).toBe('SIGKILL');
    expect(r.stderr).toMatch(/ran past its deadline/);
  });

  it('leaves calls without a timeout to Node', () => {
    const r = run(`${VM} console.log(new vm.Script('n + 41').runInContext(context) + 1);`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('42');
  });
});
