/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  cases: number;
  concurrency: number;
  skipBaseline: boolean;
  /** Cases started per second (paced intakes); without it, as fast as the concurrency allows. */
  rate?: number;
}

export const USAGE = 'usage: npm run bench -- [--cases N (default 200)] [--concurrency C (default 20)] [--rate R cases/s (paced starts)] [--skip-baseline]';

export function parseArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = { cases: 200, concurrency: 20, skipBaseline: false };
  const positiveInt = (name: string, raw: string | undefined): number => {
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number (got ${raw ?? 'nothing'})\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--cases':
        opts.cases = positiveInt('--cases', value());
        break;
      case '--concurrency':
        opts.concurrency = positiveInt('--concurrency', value());
        break;
      case '--rate': {
        const raw = value();
        const r = Number(raw);
        if (!raw || !Number.isFinite(r) || r <= 0) throw new Error(`--rate needs a positive number of cases per second (got ${raw ?? 'nothing'})\n${USAGE}`);
        opts.rate = r;
        break;
      }
      case '--skip-baseline':
        opts.skipBaseline = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return opts;
}
