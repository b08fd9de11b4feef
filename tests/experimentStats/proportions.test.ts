// Reference values: SciPy 1.17.1 on this machine (python3), commands quoted beside each value;
// Newcombe's interval from his own paper (Newcombe 1998, Stat. Med. 17:873, Table II, example (a)).
import { describe, expect, it } from 'vitest';
import { compareProportions } from '../../src/experimentStats/compareProportions';
import { fisherExactTest } from '../../src/experimentStats/fisherExactTest';
import { newcombeInterval } from '../../src/experimentStats/newcombeInterval';
import { twoProportionZTest } from '../../src/experimentStats/twoProportionZTest';
import { wilsonInterval } from '../../src/experimentStats/wilsonInterval';

describe('wilsonInterval', () => {
  it.each([
    // scipy.stats.binomtest(k, n).proportion_ci(0.95, 'wilson')
    [8, 20, 0.21880653237281705, 0.6134184992377467],
    [0, 15, 0, 0.20388330103584862],
    [45, 110, 0.32178974693383433, 0.5025273322112864],
  ])('%i of %i matches SciPy', (successes, units, lower, upper) => {
    const interval = wilsonInterval({ successes, units });
    expect(interval.lower).toBeCloseTo(lower, 10);
    expect(interval.upper).toBeCloseTo(upper, 10);
  });

  it('is the whole range for an empty arm', () => {
    expect(wilsonInterval({ successes: 0, units: 0 })).toEqual({ lower: 0, upper: 1, confidence: 0.95 });
  });
});

describe('newcombeInterval', () => {
  it("reproduces Newcombe's worked example 56/70 − 48/80: 0.0524 to 0.3339", () => {
    const interval = newcombeInterval({ successes: 48, units: 80 }, { successes: 56, units: 70 });
    expect(interval.lower).toBeCloseTo(0.0524, 4);
    expect(interval.upper).toBeCloseTo(0.3339, 4);
  });
});

describe('fisherExactTest', () => {
  it.each([
    // scipy.stats.fisher_exact([[a_successes, a_failures], [b_successes, b_failures]]).pvalue
    [8, 10, 2, 10, 0.023014137565221155],
    [3, 50, 9, 50, 0.12124495753823497],
    [1, 10, 11, 14, 0.0027594561852200836],
    [30, 100, 45, 110, 0.11368676207021228],
  ])('%i/%i vs %i/%i matches SciPy', (s0, n0, s1, n1, pValue) => {
    expect(fisherExactTest({ successes: s0, units: n0 }, { successes: s1, units: n1 })).toBeCloseTo(pValue, 10);
  });
});

describe('twoProportionZTest', () => {
  it('equals the chi-square test without continuity correction', () => {
    // scipy.stats.chi2_contingency([[450, 1050], [520, 980]], correction=False).pvalue
    const { pValue } = twoProportionZTest({ successes: 450, units: 1500 }, { successes: 520, units: 1500 });
    expect(pValue).toBeCloseTo(0.006289816870941185, 10);
  });
});

describe('compareProportions', () => {
  it('uses the exact test under 1,000 units per arm', () => {
    const result = compareProportions({ successes: 30, units: 100 }, { successes: 45, units: 110 });
    expect(result.test).toBe('fisher-exact');
    expect(result.pValue).toBeCloseTo(0.11368676207021228, 10);
    expect(result.difference).toBeCloseTo(45 / 110 - 0.3, 12);
    expect(result.treatment.interval.lower).toBeCloseTo(0.32178974693383433, 10);
  });

  it('uses the z test for large arms with no small cell, and the exact test again when a cell is under 5', () => {
    expect(compareProportions({ successes: 450, units: 1500 }, { successes: 520, units: 1500 }).test).toBe('two-proportion-z');
    expect(compareProportions({ successes: 2, units: 1500 }, { successes: 9, units: 1500 }).test).toBe('fisher-exact');
  });

  it('leaves the lift out when the control rate is 0 and names a bad arm', () => {
    expect(compareProportions({ successes: 0, units: 20 }, { successes: 3, units: 20 }).lift).toBeUndefined();
    expect(() => compareProportions({ successes: 5, units: 0 }, { successes: 3, units: 20 })).toThrow(/control/);
  });
});
