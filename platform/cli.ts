/**
 * Command-line options of the project's tools: parsed by node:util's parseArgs (strict: an unknown option is
 * an error), then validated by a zod schema keyed by the option names. A bad option prints the problem and the
 * usage and exits 2; --help prints the usage and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

export function cliOptions<S extends z.ZodType>(
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  usage: string,
  argv: string[] = process.argv.slice(2),
): z.output<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return fail((err as Error).message, usage);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  delete values.help;
  const parsed = schema.safeParse(values);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '), usage);
  return parsed.data;
}

function fail(message: string, usage: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}
