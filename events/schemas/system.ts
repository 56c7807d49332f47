/**
 * System events: the self-check (workflows/self-check.workflow.ts) published on the case topic by `npm start`
 * to prove worker, activity and broker work. Consumers of the case topic skip it.
 */
import { z } from 'zod';
import { SELF_CHECK_EVENT_TYPE } from '../../domain/vocabulary';
import { defineEvent, type CatalogueEntry } from './define';

export const SystemSelfCheckV1 = z
  .strictObject({ check: z.literal('ok').describe('Always `ok`.') })
  .describe('A health probe of the event path; carries nothing else. Subject and key are the self-check workflow id, not a case id.');
export type SystemSelfCheckV1 = z.infer<typeof SystemSelfCheckV1>;

export const SYSTEM_EVENTS: readonly CatalogueEntry[] = [
  defineEvent({
    type: SELF_CHECK_EVENT_TYPE,
    direction: 'outbound',
    channel: 'caseEvents',
    summary: 'Self-check probe of the event path (skip it).',
    description:
      'Published on the case topic by the self-check at start-up. Subject and key are the self-check workflow id. Consumers skip it.',
    dataSchema: SystemSelfCheckV1,
    subject: 'subject',
    key: 'subject',
    examples: [
      {
        name: 'example',
        summary: 'The only shape it has.',
        actorrole: 'system',
        actorid: 'dolbom-self-check',
        time: '2026-04-01T00:00:00.000Z',
        data: { check: 'ok' },
      },
    ],
  }),
];
