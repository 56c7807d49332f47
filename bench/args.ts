/** Command-line options of `npm run bench`. */
import { z } from 'zod';

export interface BenchOptions {
  cases: number;
  concurrency: number;
  skipBaseline: boolean;
  /** Cases of each path run first and not measured (0: none). */
  warmup: number;
  /** Cases started per second (paced intakes); without it, as fast as the concurrency allows. */
  rate?: number;
  /** Which running stack: the dev server's (npm start) or the cluster (npm run cluster:up), bench/stack.ts. */
  stack: 'single' | 'cluster';
}

export const USAGE =
  'usage: npm run bench -- [--cases N (default 200)] [--concurrency C (default 20)] [--rate R cases/s (paced starts)] [--skip-baseline] [--warmup N (default 20; 0: none)] [--stack single|cluster (default single)]';

export const BENCH_OPTIONS = {
  cases: { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  'skip-baseline': { type: 'boolean' },
  warmup: { type: 'string' },
  stack: { type: 'string' },
} as const;

export const BenchArgs = z
  .object({
    cases: z.coerce.number().int('needs a positive whole number').min(1, 'needs a positive whole number').default(200),
    concurrency: z.coerce.number().int('needs a positive whole number').min(1, 'needs a positive whole number').default(20),
    rate: z.coerce.number().positive('needs a positive number of cases per second').optional(),
    'skip-baseline': z.boolean().default(false),
    warmup: z.coerce.number().int('needs a whole number').min(0, 'needs a whole number, 0 or more').default(20),
    stack: z.enum(['single', 'cluster']).default('single'),
  })
  .transform(({ 'skip-baseline': skipBaseline, rate, ...rest }): BenchOptions => ({
    ...rest,
    skipBaseline,
    ...(rate === undefined ? {} : { rate }),
  }));
