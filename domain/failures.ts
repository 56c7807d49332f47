/**
 * Named failure types, used as ApplicationFailure.type. Match on these, never on error class names.
 * Permanent problems are thrown non-retryable; everything else is retried by Temporal.
 */
export const ERR_INVALID_EVENT = 'DolbomInvalidEvent';
export const ERR_INVALID_ARGS = 'DolbomInvalidArguments';
/** An update refused because the action is not allowed now, or not by this role. */
export const ERR_ACTION_NOT_ALLOWED = 'DolbomActionNotAllowed';
/** An update refused because the caller is outside the case's area (another dong or district). */
export const ERR_OUT_OF_SCOPE = 'DolbomOutOfScope';
/** An update refused because it names no caller scope (domain/access.ts): every action says who asks. */
export const ERR_SCOPE_MISSING = 'DolbomScopeMissing';
/** An update refused because its payload is invalid. */
export const ERR_INVALID_INPUT = 'DolbomInvalidInput';
/** A provider report from a provider the referral is not assigned to. */
export const ERR_WRONG_PROVIDER = 'DolbomWrongProvider';
/** A provider report on a referral that is finished (cancelled, completed, ...) or a closed case. */
export const ERR_REFERRAL_CLOSED = 'DolbomReferralClosed';
/** A provider report past the referral's bound on reports (domain/referral/provider-report.ts providerReportLimitRefusal). */
export const ERR_REPORT_LIMIT = 'DolbomReportLimit';
/** A notice to the person refused: its fact is not there yet, or it cannot be handed over that way (domain/notices). */
export const ERR_NOTICE_REFUSED = 'DolbomNoticeRefused';
