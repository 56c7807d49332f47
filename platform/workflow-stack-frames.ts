/**
 * How many stack frames an error made in the workflow sandbox records: none. Preloaded
 * (platform/workflow-preload.ts), so it runs once per worker thread in the reused V8 context, before the SDK
 * freezes the sandbox's globals, and every workflow shares it.
 *
 * Why: the SDK's enhanced stack traces install a V8 promise hook that, for every promise a workflow creates, makes
 * an Error in the sandbox, reads its stack and maps each frame through the bundle's source map
 * (@temporalio/worker lib/workflow/vm-shared.js `setPromiseHook`; temporalio/sdk-typescript#1587). At the
 * benchmark's load that hook was a third of the workflow thread's CPU (docs/performance.md). With no frames to
 * record, the hook still runs but maps nothing.
 *
 * What it costs: the Temporal UI's "Stack Trace" query and the failure of a workflow task show the error's message
 * without frames. Activities run outside the sandbox and keep their stacks. To debug a workflow's code with its
 * frames, replay its history (`Worker.runReplayHistory`) with this line removed from the bundle.
 */
Error.stackTraceLimit = 0;

export {};
