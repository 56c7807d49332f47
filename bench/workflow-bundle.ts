/**
 * npm run bench:bundle -- [--evaluations N] [--rounds N]
 *
 * The workflow bundle the worker runs: its size (code and inline source map), what takes the room, and what a
 * workflow costs the worker to load. The SDK runs every workflow in one reused V8 context and evaluates the
 * bundle's modules again for each new or replayed workflow, except those evaluated before any workflow
 * existed (its own runtime and our preloads, platform/workflow-preload.ts), which all workflows share. The
 * first figure reproduces that: the bundle in a V8 context with the SDK's module cache split the same way,
 * then `importWorkflows()` (what the SDK calls for each workflow) N times with a fresh per-workflow cache.
 * With `--rounds`, the recorded histories (test/histories) are also replayed that many times, which adds
 * the work of the workflows themselves. The bundle with the worker's preloads and one without them are
 * measured in the same run. No server is needed. Writes bench/results/workflow-bundle-latest.json.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { injectGlobals } from '@temporalio/worker/lib/workflow/vm-shared';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { z } from 'zod';
import { cliOptions } from '../platform/cli';
import { bundleWorkflows } from '../workers/workflow-bundle';
import { HISTORIES_DIR } from '../test/harness/histories';
import { testDataConverter } from '../test/harness/test-codec';

const OPTIONS = { evaluations: { type: 'string' }, rounds: { type: 'string' } } as const;
const Args = z.object({
  evaluations: z.coerce.number().int().min(1).default(200),
  rounds: z.coerce.number().int().min(0).default(0),
});
const USAGE = 'usage: npm run bench:bundle -- [--evaluations N (default 200)] [--rounds N history replays (default 0)]';

/** Bytes per package or top folder of the bundle's code (webpack names each module in a comment). */
function sizesByGroup(code: string): { group: string; kib: number }[] {
  const end = code.lastIndexOf('//# sourceMappingURL');
  const marks = [...code.matchAll(/\/\*\*\*\/ "([^"]+)"\n/g)].map((m) => ({ name: m[1]!, at: m.index }));
  const groups = new Map<string, number>();
  marks.forEach((m, i) => {
    const group = m.name.replace(/^\.\/node_modules\/((@[^/]+\/)?[^/]+).*/, '$1').replace(/^\.\/(?!node_modules)([^/]+)\/.*/, '$1/');
    groups.set(group, (groups.get(group) ?? 0) + ((marks[i + 1]?.at ?? end) - m.at));
  });
  return [...groups].sort((a, b) => b[1] - a[1]).map(([group, bytes]) => ({ group, kib: Math.round(bytes / 102.4) / 10 }));
}

/**
 * The modules a workflow evaluates for itself and what that costs, as the SDK's reused context does it
 * (@temporalio/worker lib/workflow/reusable-vm.js: modules loaded before a workflow's activator exists go
 * to a shared cache, the rest to the workflow's own).
 */
function moduleEvaluation(bundle: WorkflowBundle, evaluations: number) {
  type Sandbox = vm.Context & { __TEMPORAL_ACTIVATOR__?: { moduleCache: Map<PropertyKey, unknown> } };
  const context: Sandbox = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const shared = new Map<PropertyKey, unknown>();
  const cache = new Proxy(
    {},
    {
      get: (_, key) => shared.get(key) ?? context.__TEMPORAL_ACTIVATOR__?.moduleCache.get(key),
      set: (_, key, value) => {
        (context.__TEMPORAL_ACTIVATOR__?.moduleCache ?? shared).set(key, value);
        return true;
      },
    },
  );
  Object.defineProperty(context, '__webpack_module_cache__', { value: cache });
  injectGlobals(context);
  new vm.Script(bundle.code).runInContext(context);
  vm.runInContext('__TEMPORAL__.preloadModules?.()', context);
  let own = new Map<PropertyKey, unknown>();
  const load = () => {
    own = new Map();
    context.__TEMPORAL_ACTIVATOR__ = { moduleCache: own };
    vm.runInContext('__TEMPORAL__.importWorkflows()', context);
  };
  for (let i = 0; i < 20; i++) load(); // warm-up
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < evaluations; i++) load();
  const used = process.cpuUsage(cpu);
  return {
    sharedModules: shared.size,
    perWorkflowModules: own.size,
    perWorkflowMs: (performance.now() - t) / evaluations,
    perWorkflowCpuMs: (used.user + used.system) / 1000 / evaluations,
  };
}

async function main(): Promise<void> {
  const { rounds, evaluations } = cliOptions(OPTIONS, Args, USAGE);
  const variants: { name: string; bundle: WorkflowBundle }[] = [
    {
      name: 'preloaded (the worker)',
      bundle: await bundleWorkflows(),
    },
    { name: 'no preloads', bundle: await bundleWorkflows({ preloadModules: [] }) },
  ];
  const histories = fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8')) as { workflowId: string; history: unknown })
    .map((h) => ({ workflowId: h.workflowId, history: historyFromJSON(h.history) }));

  const replay = async (bundle: WorkflowBundle) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: testDataConverter }, histories)) {
      if (r.error) throw r.error;
    }
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
  };
  const evaluation = variants.map((v) => moduleEvaluation(v.bundle, evaluations));
  if (rounds > 0) await replay(variants[0]!.bundle); // warms the SDK and the JIT for both
  const totals = variants.map(() => ({ ms: 0, cpuMs: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (const [i, v] of variants.entries()) {
      const m = await replay(v.bundle);
      totals[i]!.ms += m.ms;
      totals[i]!.cpuMs += m.cpuMs;
    }
  }
  const workflows = rounds * histories.length;
  const results = {
    at: new Date().toISOString(),
    evaluations,
    rounds,
    histories: histories.length,
    variants: variants.map((v, i) => {
      const code = v.bundle.code;
      const sourceMapBytes = code.length - code.lastIndexOf('//# sourceMappingURL');
      return {
        name: v.name,
        bundleBytes: Buffer.byteLength(code),
        codeBytes: Buffer.byteLength(code) - sourceMapBytes,
        modules: [...code.matchAll(/\/\*\*\*\/ "([^"]+)"\n/g)].length,
        byGroupKiB: sizesByGroup(code).slice(0, 10),
        moduleEvaluation: evaluation[i]!,
        ...(rounds > 0 ? { replay: { perWorkflowMs: totals[i]!.ms / workflows, perWorkflowCpuMs: totals[i]!.cpuMs / workflows } } : {}),
      };
    }),
  };
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'workflow-bundle-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  for (const v of results.variants) {
    const e = v.moduleEvaluation;
    process.stdout.write(
      `${v.name}: bundle ${(v.bundleBytes / 1024).toFixed(0)} KiB (code ${(v.codeBytes / 1024).toFixed(0)} KiB, ${v.modules} modules); ` +
        `per workflow ${e.perWorkflowModules} modules evaluated (${e.sharedModules} shared), ${e.perWorkflowCpuMs.toFixed(2)} ms CPU, ` +
        `${e.perWorkflowMs.toFixed(2)} ms wall (${evaluations} loads)` +
        (v.replay
          ? `; per replayed workflow ${v.replay.perWorkflowMs.toFixed(1)} ms wall, ${v.replay.perWorkflowCpuMs.toFixed(1)} ms CPU (${workflows} replays)`
          : '') +
        `\n  largest: ${v.byGroupKiB
          .slice(0, 6)
          .map((g) => `${g.group} ${g.kib} KiB`)
          .join(', ')}\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
