/**
 * Builds a module's immutable values (zod schemas, parsed reference tables) once per thread and hands every
 * later caller the same instances.
 *
 * Why: the worker runs every workflow in one reused V8 context, but evaluates our modules again for each
 * workflow it loads, so each cached workflow would hold its own few hundred zod schemas (about 1.4 MB) and
 * pay the CPU to build them on every new or replayed workflow. This module is preloaded into that context
 * (platform/workflow-preload.ts), so its map is shared by all workflows. The SDK freezes what preloaded
 * modules export, which zod schemas cannot bear (they define members lazily on first use); the values here
 * sit in a closure, out of its reach.
 *
 * zod itself is shared the same way: the modules that build schemas import only its types and get it from
 * here, loaded on first use (after the freeze, so its regexes and caches stay writable) and then kept in
 * this module's closure. Loading it per workflow would cost another 0.6 MB per cached workflow.
 *
 * Only values that no caller mutates belong here: schemas, frozen data, constants. Never workflow state.
 * Outside the worker (API, tests) it is a plain memo.
 */
import type * as Zod from 'zod';

type ZodApi = typeof Zod.z;
let loaded: ZodApi | undefined;
const built = new Map<string, unknown>();

/** zod's API, loaded once per thread on first use. */
export function zod(): ZodApi {
  loaded ??= (require('zod') as typeof Zod).z;
  return loaded;
}

export function sharedInWorkflows<T extends object>(key: string, build: (z: ZodApi) => T): T {
  let value = built.get(key) as T | undefined;
  if (value === undefined) {
    value = build(zod());
    built.set(key, value);
  }
  return value;
}
