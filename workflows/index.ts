/** The workflow bundle's entry point: every workflow the worker runs. */
export { selfCheckWorkflow } from './self-check.workflow';
