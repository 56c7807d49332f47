/**
 * The patch a case or referral started from this version on asks, in place of the patches before it.
 *
 * Each `patched()` call records a marker, and the SDK's core also upserts the `TemporalChangeVersion` search
 * attribute with it (temporalio/sdk-typescript#817): a history event and a visibility task per patch, per run.
 * A case asked five and each referral three, so a case with three referrals cost Temporal 14 of its 19
 * visibility updates (docs/performance.md, 2026-12-03, late morning). A run that asks the current patch takes
 * every behaviour the older patches chose and asks none of them; a run recorded before it has no marker for it,
 * so replay asks the older patches, where they always were, and the run replays as it ran.
 *
 * A later versioned change adds its own `patched()` beside these as before, and may fold it into a new current
 * patch in the same way.
 */
export const CURRENT_CASE_PATCH = 'case-2026-12-03';
export const CURRENT_REFERRAL_PATCH = 'referral-2026-12-03';
