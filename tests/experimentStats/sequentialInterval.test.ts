import { describe, expect, it } from 'vitest';
import { compareProportions } from '../../src/experimentStats/compareProportions';
import { sequentialInterval } from '../../src/experimentStats/sequentialInterval';
import { welchDifference } from '../../src/experimentStats/welchDifference';
import { seededUniform } from '../support/seededUniform';
import { seededNormals } from './seededNormals';

describe('sequentialInterval', () => {
  it("follows GrowthBook's documented half-width", () => {
    // python3 (numpy 2.4.6): a=.05; N=1000; rho2=(-2*log(a)+log(-2*log(a)+1))/N; se=.1
    //   n*se**2 ** .5 * sqrt(2*(n*rho2+1)/(n*n*rho2)*log(sqrt(n*rho2+1)/a)) → n=200: 0.33638877257827815,
    //   n=1000: 0.3035208990376253, n=5000: 0.3153030438672906
    for (const [units, halfWidth] of [[200, 0.33638877257827815], [1000, 0.3035208990376253], [5000, 0.3153030438672906]]) {
      const interval = sequentialInterval({ difference: 1, standardError: 0.1 }, units, { plannedUnits: 1000 });
      expect(interval.upper - 1).toBeCloseTo(halfWidth, 12);
      expect(1 - interval.lower).toBeCloseTo(halfWidth, 12);
    }
  });

  it('is wider than the fixed-horizon interval and unbounded before any unit', () => {
    const interval = sequentialInterval({ difference: 0, standardError: 0.1 }, 1000, { plannedUnits: 1000 });
    expect(interval.upper).toBeGreaterThan(1.96 * 0.1);
    expect(sequentialInterval({ difference: 0, standardError: 1 }, 0, { plannedUnits: 10 }).upper).toBe(Infinity);
  });

  // 500 seeded experiments, each watched 49 times (every 20 units, 40 to 1,000) with the interval
  // recomputed at each look: the share of experiments whose interval EVER misses the true difference
  // must stay within α = 5 %. Binomial(500, 0.05): P(X > 41) < 0.001 (scipy.stats.binom.ppf(0.999, 500, 0.05)
  // = 41), so more than 41 misses would mean the interval is not always valid. The fixed-horizon interval,
  // peeked at in the same way, misses far more often: the reason the sequential one exists.
  it('covers the truth at its nominal rate under continuous peeking (seeded simulation)', () => {
    const normal = seededNormals(20261206);
    const truth = 0.2;
    let sequentialMisses = 0;
    let peekingMisses = 0;
    for (let run = 0; run < 500; run += 1) {
      const sums = [0, 0];
      const squares = [0, 0];
      let sequentialMissed = false;
      let peekingMissed = false;
      for (let perArm = 1; perArm <= 500; perArm += 1) {
        for (const arm of [0, 1]) {
          const value = normal() + (arm === 1 ? truth : 0);
          sums[arm] += value;
          squares[arm] += value * value;
        }
        if (perArm < 20 || perArm % 10 !== 0) continue;
        const [control, treatment] = [0, 1].map((arm) => ({
          units: perArm,
          mean: sums[arm] / perArm,
          variance: (squares[arm] - sums[arm] ** 2 / perArm) / (perArm - 1),
        }));
        const fixed = welchDifference(control, treatment);
        const sequential = sequentialInterval(fixed, 2 * perArm, { plannedUnits: 1000 });
        if (sequential.lower > truth || sequential.upper < truth) sequentialMissed = true;
        if (fixed.interval.lower > truth || fixed.interval.upper < truth) peekingMissed = true;
      }
      if (sequentialMissed) sequentialMisses += 1;
      if (peekingMissed) peekingMisses += 1;
    }
    expect(sequentialMisses).toBeLessThanOrEqual(41);
    expect(peekingMisses).toBeGreaterThan(60);
  });

  // The same for a yes/no metric with a low rate (10 % vs 12 %), where the normal approximation is
  // weakest: 300 seeded experiments, 49 looks each; Binomial(300, 0.05): P(X > 28) < 0.001
  // (scipy.stats.binom.ppf(0.999, 300, 0.05) = 28, SciPy 1.17.1).
  it('covers a difference of rates at its nominal rate too (seeded simulation)', () => {
    const uniform = seededUniform(7);
    const [controlRate, treatmentRate] = [0.1, 0.12];
    const truth = treatmentRate - controlRate;
    let misses = 0;
    for (let run = 0; run < 300; run += 1) {
      const successes = [0, 0];
      let missed = false;
      for (let perArm = 1; perArm <= 500; perArm += 1) {
        if (uniform() < controlRate) successes[0] += 1;
        if (uniform() < treatmentRate) successes[1] += 1;
        if (perArm < 20 || perArm % 10 !== 0) continue;
        const comparison = compareProportions({ successes: successes[0], units: perArm }, { successes: successes[1], units: perArm });
        const interval = sequentialInterval(comparison, 2 * perArm, { plannedUnits: 1000 });
        if (interval.lower > truth || interval.upper < truth) missed = true;
      }
      if (missed) misses += 1;
    }
    expect(misses).toBeLessThanOrEqual(28);
  });
});
