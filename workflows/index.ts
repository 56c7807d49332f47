/** The workflow bundle's entry point: every workflow the worker runs. */
export { caseWorkflow } from './case/case.workflow';
export { referralWorkflow } from './referral/referral.workflow';
export { selfCheckWorkflow } from './self-check.workflow';
