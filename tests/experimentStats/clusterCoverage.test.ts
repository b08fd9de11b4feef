import { describe, expect, it } from 'vitest';
import { clusteredDifference } from '../../src/experimentStats/clusteredDifference';
import { summarizeValues } from '../../src/experimentStats/summarizeValues';
import { welchDifference } from '../../src/experimentStats/welchDifference';
import type { AnalysisUnit } from '../../src/experimentStats/types';
import { seededNormals } from './seededNormals';

// 400 seeded cluster-randomized experiments: 12 stores (6 per arm) of 5 to 30 workers, ICC 0.2, true
// difference 0.3. The CR2 interval with Bell–McCaffrey df must cover at its nominal 95 %: Binomial(400, 0.05)
// puts the misses in [8, 35] with probability ≥ 0.998 (scipy.stats.binom.ppf(0.001 / 0.999, 400, 0.05),
// SciPy 1.17.1). Welch's interval, which ignores the clusters, misses far more: why CR2 is used.
describe('clusteredDifference coverage', () => {
  it('covers the truth at its nominal rate with only 12 clusters (seeded simulation)', () => {
    const normal = seededNormals(18);
    const truth = 0.3;
    let clusterMisses = 0;
    let naiveMisses = 0;
    for (let run = 0; run < 400; run += 1) {
      const units: AnalysisUnit[] = [];
      for (let store = 0; store < 12; store += 1) {
        const storeEffect = normal() * Math.sqrt(0.2);
        const treated = store % 2 === 1;
        for (let worker = 0; worker < 5 + ((store * 7) % 26); worker += 1) {
          units.push({ cluster: `store ${store}`, treated, outcome: storeEffect + normal() * Math.sqrt(0.8) + (treated ? truth : 0) });
        }
      }
      const { interval } = clusteredDifference(units);
      if (interval.lower > truth || interval.upper < truth) clusterMisses += 1;
      const outcomes = (treated: boolean) => summarizeValues(units.filter((unit) => unit.treated === treated).map((unit) => unit.outcome));
      const naive = welchDifference(outcomes(false), outcomes(true)).interval;
      if (naive.lower > truth || naive.upper < truth) naiveMisses += 1;
    }
    expect(clusterMisses).toBeGreaterThanOrEqual(8);
    expect(clusterMisses).toBeLessThanOrEqual(35);
    expect(naiveMisses).toBeGreaterThan(100);
  });
});
