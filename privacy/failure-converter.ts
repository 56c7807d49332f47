/**
 * Failures with their message and stack trace moved into an encoded attribute, so the payload codec encrypts
 * them like any payload: a refusal's reason or a validation message never reaches Temporal's history in clear.
 * Loaded by path (DataConverter.failureConverterPath) in workflow code, the worker and every client.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
