// Reference values: SciPy 1.17.1 on this machine (python3); Holm by hand (R's p.adjust(p, "holm") gives the same).
import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src/experimentStats/holmAdjust';
import { sampleRatioCheck } from '../../src/experimentStats/sampleRatioCheck';

describe('holmAdjust', () => {
  it('steps down and keeps the input order', () => {
    // sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → monotone 0.02, 0.03, 0.06, 0.06
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((value, index) => expect(adjusted[index]).toBeCloseTo(value, 12));
  });

  it('caps at 1 and handles an empty family', () => {
    expect(holmAdjust([0.6, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('sampleRatioCheck', () => {
  it('flags a skewed 50/50 split of workers', () => {
    // scipy.stats.chisquare([5200, 4800], [5000, 5000]).pvalue
    const check = sampleRatioCheck([5200, 4800], [1, 1]);
    expect(check.pValue).toBeCloseTo(6.334248366623988e-5, 12);
    expect(check.mismatch).toBe(true);
  });

  it('does not flag a fair split, with three arms either', () => {
    // scipy.stats.chisquare([5030, 4970], [5000, 5000]).pvalue
    expect(sampleRatioCheck([5030, 4970], [50, 50]).pValue).toBeCloseTo(0.5485062355001471, 10);
    expect(sampleRatioCheck([5030, 4970], [50, 50]).mismatch).toBe(false);
    // scipy.stats.chisquare([480, 260, 260], [500, 250, 250]) → statistic 1.6, pvalue 0.4493289641172217
    const threeArms = sampleRatioCheck([480, 260, 260], [2, 1, 1]);
    expect(threeArms.chiSquare).toBeCloseTo(1.6, 12);
    expect(threeArms.pValue).toBeCloseTo(0.4493289641172217, 10);
    expect(threeArms.expected).toEqual([500, 250, 250]);
  });

  it('works on clusters as on workers: 4 of 40 stores in one arm is a mismatch', () => {
    expect(sampleRatioCheck([4, 36], [1, 1]).mismatch).toBe(true);
    expect(sampleRatioCheck([18, 22], [1, 1]).mismatch).toBe(false);
  });

  it('names bad weights', () => {
    expect(() => sampleRatioCheck([10, 10], [1, 0])).toThrow(/weights/);
    expect(() => sampleRatioCheck([10, 10], [1])).toThrow(/weights/);
  });
});
