/**
 * Modules evaluated once per worker thread and shared by every workflow in the reused V8 context, instead of
 * once per workflow: platform/workflow-stack-frames.ts (the sandbox's errors record no frames), and
 * domain/shared.ts, whose map holds the schemas and reference tables our modules build once per thread (a few
 * hundred zod schemas, about 1.4 MB per workflow otherwise, and the CPU to build them on every new or replayed
 * workflow).
 *
 * Only stateless modules belong here. The SDK freezes what preloaded modules export, and zod schemas define
 * their members lazily on first use, so our schema modules are not preloaded themselves: they take their
 * schemas from domain/shared.ts, out of the freeze's reach. (zod itself cannot be listed: it declares no side
 * effects, so the bundler drops a bare preload of it, and freezing its exports would break its lazy caches.)
 */
import path from 'node:path';

export const PRELOADED_MODULES: readonly string[] = [
  path.resolve(__dirname, '..', 'domain', 'shared.ts'),
  path.resolve(__dirname, 'workflow-stack-frames.ts'),
];
