/** Tool options: parsed strictly, validated by their schema; a bad one exits 2 with the usage. */
import { BENCH_OPTIONS, BenchArgs } from '../bench/args';
import { cliOptions } from './cli';

describe('cliOptions', () => {
  it('parses the bench options into their typed form, with defaults', () => {
    expect(cliOptions(BENCH_OPTIONS, BenchArgs, 'usage', ['--cases', '50', '--rate=1.5', '--skip-baseline', '--warmup', '0'])).toEqual({
      cases: 50,
      concurrency: 20,
      rate: 1.5,
      skipBaseline: true,
      warmup: 0,
      stack: 'single',
    });
    expect(cliOptions(BENCH_OPTIONS, BenchArgs, 'usage', [])).toEqual({
      cases: 200,
      concurrency: 20,
      skipBaseline: false,
      warmup: 20,
      stack: 'single',
    });
    expect(cliOptions(BENCH_OPTIONS, BenchArgs, 'usage', ['--stack', 'cluster']).stack).toBe('cluster');
  });

  it.each([[['--cases', '0']], [['--rate', 'fast']], [['--warmup', '-1']], [['--stack', 'k8s']], [['--bogus']], [['extra']]])(
    'exits 2 with the usage for %j',
    (argv) => {
      const exit = jest.spyOn(process, 'exit').mockImplementation(() => {
        throw new Error('exit');
      });
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(() => cliOptions(BENCH_OPTIONS, BenchArgs, 'the usage', argv)).toThrow('exit');
        expect(exit).toHaveBeenCalledWith(2);
        expect(String(stderr.mock.calls[0]![0])).toContain('the usage');
      } finally {
        exit.mockRestore();
        stderr.mockRestore();
      }
    },
  );
});
