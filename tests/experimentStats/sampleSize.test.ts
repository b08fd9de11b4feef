import { describe, expect, it } from 'vitest';
import { sampleSizeForMeans } from '../../src/experimentStats/sampleSizeForMeans';
import { sampleSizeForProportions } from '../../src/experimentStats/sampleSizeForProportions';

describe('sampleSizeForMeans', () => {
  it.each([
    // G*Power 3.1, t tests – difference between two independent means, α = .05 two-tailed, power .80,
    // equal groups: 394 / 64 / 26 per group for d = 0.2 / 0.5 / 0.8 (Cohen 1988, Table 2.4.1 agrees).
    // Exact check with SciPy 1.17.1 noncentral t: n = 64, d = .5 → power 0.8015; n = 63 → 0.7952.
    [0.2, 394],
    [0.5, 64],
    [0.8, 26],
  ])('d = %f needs %i per group', (effect, perGroup) => {
    const plan = sampleSizeForMeans(1, effect);
    expect(plan.controlUnits).toBe(perGroup);
    expect(plan.treatmentUnits).toBe(perGroup);
    expect(plan.designEffect).toBe(1);
    expect(plan.clusters).toBeUndefined();
  });

  it('inflates by the design effect and counts clusters for a cluster design', () => {
    // d = 1/2 needs 63.790242918423026 per arm before rounding (the same t iteration in SciPy 1.17.1:
    // n = (t.ppf(.975, 2n-2) + t.ppf(.8, 2n-2))**2 * 2 / .25 until ceil(n) settles);
    // × (1 + (10 − 1)·0.05) = 92.4958… → 93 workers = 10 stores of 10 per arm
    const plan = sampleSizeForMeans(2, 1, { cluster: { icc: 0.05, meanClusterSize: 10 } });
    expect(plan.designEffect).toBeCloseTo(1.45, 12);
    expect(plan).toMatchObject({ controlUnits: 93, treatmentUnits: 93, totalUnits: 186 });
    expect(plan.clusters).toEqual({ control: 10, treatment: 10, total: 20 });
  });

  it('depends only on the effect in standard deviations, however small or large the unit', () => {
    for (const scale of [1e-300, 1e300]) expect(sampleSizeForMeans(2 * scale, scale)).toEqual(sampleSizeForMeans(2, 1));
  });

  it('names a bad option', () => {
    expect(() => sampleSizeForMeans(0, 1)).toThrow(/standardDeviation/);
    expect(() => sampleSizeForMeans(1, 1, { power: 1.2 })).toThrow(/power/);
    expect(() => sampleSizeForMeans(1, 1, { cluster: { icc: 2, meanClusterSize: 5 } })).toThrow(/cluster\.icc/);
  });
});

describe('sampleSizeForProportions', () => {
  it('matches the Fleiss formula evaluated with SciPy quantiles, for equal and 2:1 allocation', () => {
    // python3, SciPy 1.17.1: p0=.3; p1=.38; pb=(p0+k*p1)/(1+k); za=norm.ppf(.975); zb=norm.ppf(.8)
    //   n = (za*sqrt(pb*(1-pb)*(1+1/k)) + zb*sqrt(p0*(1-p0)+p1*(1-p1)/k))**2/.08**2
    //   → k=1: 549.2222791180762, k=2: 414.7792916238233
    expect(sampleSizeForProportions(0.3, 0.08).controlUnits).toBe(550);
    const unequal = sampleSizeForProportions(0.3, 0.08, { allocationRatio: 2 });
    expect(unequal.controlUnits).toBe(415);
    expect(unequal.treatmentUnits).toBe(Math.ceil(414.7792916238233 * 2));
  });

  it('names an impossible effect', () => {
    expect(() => sampleSizeForProportions(0.95, 0.1)).toThrow(/minimumDetectableEffect/);
  });
});
