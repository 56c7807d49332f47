/**
 * Plan lines of open-access services (domain/catalogue: `access: 'openAccess'`, e.g. the Sonmok Doctor 9988 app,
 * the Mind Convenience Store, the loneliness hotline): the person joins them without a provider's decision, so
 * there is nothing to refer and no answer to await (the Act Art. 14 closed loop is for provider decisions).
 * Approving such a line records that the information was given, on the case's timeline; it starts no referral.
 * For cases under the law-duties flag (domain/case/case-step.ts); earlier cases keep referring them.
 */
import { isOpenAccessService } from '../catalogue/catalogue';
import type { ServiceLine } from './case-inputs';
import type { StepContext } from './case-step';

/** Whether approving this line gives information instead of starting a referral. */
export const isInformationLine = (line: ServiceLine, ctx: StepContext): boolean =>
  ctx.flags.lawDuties && isOpenAccessService(line.serviceCode);

/** Whether the information is news: the line is new in the plan, or now names another service (not a re-approval). */
export const informationIsNew = (previous: readonly ServiceLine[], line: ServiceLine): boolean =>
  previous.find((l) => l.lineId === line.lineId)?.serviceCode !== line.serviceCode;
