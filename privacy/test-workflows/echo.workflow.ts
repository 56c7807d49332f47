/** Test-only workflow for the encryption integration test: returns its input, so input and result both pass through the codec. */
export async function echoWorkflow<T>(input: T): Promise<T> {
  return input;
}
