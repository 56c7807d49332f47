/** The intake form's input: the API's intake body (api/routes/case-routes.ts), composed of the case workflow's own schemas. */
import { z } from 'zod';
import { isDongCode } from '../domain/areas/areas';
import { Application, PersonalDetails } from '../domain/case/case-inputs';

export const IntakeBody = z.strictObject({
  dongCode: z.string().refine(isDongCode, 'unknown dong code'),
  application: Application,
  personal: PersonalDetails,
});
