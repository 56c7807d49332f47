/**
 * The patch a case or referral started from this version on asks, in place of the patches before it.
 *
 * Each `patched()` call records a marker, and the SDK's core upserts the `TemporalChangeVersion` search attribute
 * with it (temporalio/sdk-typescript#817): two history events per patch, per run. A case asked five patches and
 * each referral three, 28 of a case's 269 events with its three referrals. (Temporal merges a workflow task's
 * visibility updates into one task, server v1.29.1 service/history/workflow/mutable_state_impl.go
 * closeTransactionCollapseVisibilityTasks, so the visibility store does no more work for them.) A run that asks
 * the current patch takes every behaviour the older patches chose and asks none of them; a run recorded before it
 * has no marker for it, so replay asks the older patches, where they always were, and the run replays as it ran.
 *
 * A later versioned change adds its own `patched()` beside these as before, and may fold it into a new current
 * patch in the same way.
 */
export const CURRENT_CASE_PATCH = 'case-2026-12-04';
export const CURRENT_REFERRAL_PATCH = 'referral-2026-12-04';

/**
 * The current patches before these: a run that asked one of them takes every behaviour the current patch takes
 * but the last (both: the lists are theirs to keep current through search attributes, not through the listing
 * projection's events, docs/performance.md 2026-12-04 morning).
 */
export const DEC3_NIGHT_CASE_PATCH = 'case-2026-12-03-night';
export const DEC3_NIGHT_REFERRAL_PATCH = 'referral-2026-12-03-night';

/**
 * The patches before those: a run that asked one of them takes every behaviour the night's patches take but the
 * last (the case: its plan's referrals start in one workflow task; the referral: its provider lookup runs
 * as a local activity, within the task that sends the request).
 */
export const PREVIOUS_CASE_PATCH = 'case-2026-12-03';
export const PREVIOUS_REFERRAL_PATCH = 'referral-2026-12-03';
