/**
 * The bundle of Dolbom's workflow code, built one way everywhere: the worker at start, the tests' shared bundle
 * (test/global-setup.ts) and `npm run bench:bundle`. The worker builds it in a child process: webpack's few
 * hundred MiB then leave with the child instead of staying in the worker's resident memory for its lifetime
 * (docs/performance.md).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundle } from '@temporalio/worker';
import { PRELOADED_MODULES } from '../platform/workflow-preload';
import { FAILURE_CONVERTER_PATH } from '../privacy/encryption-codec';

const WORKFLOW_BUNDLE_OPTIONS = {
  workflowsPath: require.resolve('../workflows'),
  preloadModules: [...PRELOADED_MODULES],
  failureConverterPath: FAILURE_CONVERTER_PATH,
} satisfies BundleOptions;

const quietLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: (m: string) => process.stderr.write(`${m}\n`),
  log() {},
};

/** Bundles the workflows (`extra` varies the options, e.g. `npm run bench:bundle`'s bundle without preloads). */
export function bundleWorkflows(extra: Partial<BundleOptions> = {}): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quietLogger, ...extra });
}

/** Bundles the workflows and writes the code to `outFile`. */
export async function writeWorkflowBundle(outFile: string): Promise<void> {
  const { code } = await bundleWorkflows();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
}

/** The workflow code, bundled by a child process (this file run as a script); read it before `dispose`. */
export async function bundleInChildProcess(): Promise<{ codePath: string; dispose(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dolbom-workflows-'));
  const codePath = path.join(dir, 'workflow-bundle.js');
  // The parent's loader flags (tsx), not a heap limit set for the worker itself: webpack needs its few hundred MiB.
  const flags = process.execArgv.filter((f) => !f.startsWith('--max-old-space-size'));
  await promisify(execFile)(process.execPath, [...flags, __filename, codePath], { maxBuffer: 16 * 1024 * 1024 });
  return { codePath, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

if (require.main === module) {
  writeWorkflowBundle(process.argv[2]!).catch((err: unknown) => {
    process.stderr.write(`workflow bundle failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
