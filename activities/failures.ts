/**
 * Named failure types, used as ApplicationFailure.type. Match on these, never on error class names.
 */
export const ERR_INVALID_EVENT = 'DolbomInvalidEvent';
