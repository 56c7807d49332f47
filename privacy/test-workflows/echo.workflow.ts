/** Test-only workflows for the encryption integration test: input, result and failure all pass through the codec. */
import { ApplicationFailure } from '@temporalio/workflow';

/** Returns its input. */
export async function echoWorkflow<T>(input: T): Promise<T> {
  return input;
}

/** Fails with a message that names the input, as a validation message might. */
export async function refuseWorkflow(input: { personal: { name: string } }): Promise<never> {
  throw ApplicationFailure.nonRetryable(`refused: ${input.personal.name} is not eligible`, 'DolbomTestRefusal');
}
