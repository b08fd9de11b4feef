// Reference values: SciPy 1.17.1 on this machine (python3).
import { describe, expect, it } from 'vitest';
import { relativeLift } from '../../src/experimentStats/relativeLift';
import { summarizeValues } from '../../src/experimentStats/summarizeValues';
import { welchDifference } from '../../src/experimentStats/welchDifference';

const control = [1, 2, 3, 4, 5, 9];
const treatment = [3, 4, 6, 8, 9, 12, 13];

describe('welchDifference', () => {
  it("matches SciPy's Welch test", () => {
    // r = scipy.stats.ttest_ind(treatment, control, equal_var=False); r.pvalue, r.df, r.confidence_interval(0.95)
    const result = welchDifference(summarizeValues(control), summarizeValues(treatment));
    expect(result.difference).toBeCloseTo(27 / 7, 12);
    expect(result.pValue).toBeCloseTo(0.060884507952230424, 10);
    expect(result.degreesOfFreedom).toBeCloseTo(10.829136441343621, 10);
    expect(result.interval.lower).toBeCloseTo(-0.20991300538778823, 10);
    expect(result.interval.upper).toBeCloseTo(7.924198719673502, 10);
  });

  it('names the arm that is too small', () => {
    expect(() => welchDifference(summarizeValues([1]), summarizeValues(treatment))).toThrow(/control\.units/);
  });
});

describe('summarizeValues', () => {
  it('uses the n − 1 variance', () => {
    expect(summarizeValues([2, 4, 6])).toEqual({ units: 3, mean: 4, variance: 4 });
  });
});

describe('relativeLift', () => {
  it('gives the delta-method interval GrowthBook documents', () => {
    // python3: lift = mt/mc - 1; var = vt/(nt*mc**2) + mt**2*vc/(nc*mc**4);
    //          lift ± scipy.stats.norm.ppf(0.975)*sqrt(var) with mt=.62, mc=.5, vt=.2356, vc=.25, nt=400, nc=380
    const lift = relativeLift({ units: 380, mean: 0.5, variance: 0.25 }, { units: 400, mean: 0.62, variance: 0.2356 });
    expect(lift?.lift).toBeCloseTo(0.24, 12);
    expect(lift?.interval.lower).toBeCloseTo(0.0831745159027304, 10);
    expect(lift?.interval.upper).toBeCloseTo(0.3968254840972696, 10);
  });
});
