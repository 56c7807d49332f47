import { MACHINE_CPU } from './memory';
import { cpuPerCaseTotal, throughputRatio } from './results';
import { throughput } from './stats';

/** `n` cases done evenly over `seconds`. */
const evenly = (n: number, seconds: number) =>
  throughput(
    0,
    Array.from({ length: n }, (_, i) => ((i + 1) * seconds * 1000) / n),
  );

describe('throughputRatio', () => {
  it('divides by the mean of the baselines before and after, so a steady drift between them cancels', () => {
    // The machine slows steadily: the baseline does 3 cases/s before the Dolbom phase and 2 after.
    const r = throughputRatio(evenly(100, 50), [
      { phase: 'baseline before', throughput: evenly(150, 50) },
      { phase: 'baseline', throughput: evenly(100, 50) },
    ]);
    expect(r.throughput).toBeCloseTo(2 / 2.5, 5);
    expect(r.sustained).toBeCloseTo(2 / 2.5, 5);
    expect(r.against).toEqual([
      { phase: 'baseline before', throughput: expect.closeTo(2 / 3, 5), sustained: expect.closeTo(2 / 3, 5) },
      { phase: 'baseline', throughput: expect.closeTo(1, 5), sustained: expect.closeTo(1, 5) },
    ]);
  });

  it('is the plain ratio with one baseline', () => {
    const r = throughputRatio(evenly(60, 30), [{ phase: 'baseline', throughput: evenly(90, 30) }]);
    expect(r.throughput).toBeCloseTo(2 / 3, 5);
    expect(r.against).toHaveLength(1);
  });
});

describe('cpuPerCaseTotal', () => {
  it("takes the machine's busy CPU when it was sampled", () => {
    expect(cpuPerCaseTotal({ cpuPerCaseMs: { dolbom: { temporal: 400, worker: 250, [MACHINE_CPU]: 998 } } })).toEqual({ dolbom: 998 });
  });

  it('adds every process of a phase without it', () => {
    expect(
      cpuPerCaseTotal({ cpuPerCaseMs: { dolbom: { temporal: 400, worker: 250, api: 140 }, baseline: { temporal: 300, bench: 200 } } }),
    ).toEqual({ dolbom: 790, baseline: 500 });
  });
});
