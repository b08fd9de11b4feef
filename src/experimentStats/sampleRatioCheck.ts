import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import type { SampleRatioCheck } from './types';

/** The conventional SRM threshold: a real split this far off is almost always a bug in assignment or logging. */
export const SAMPLE_RATIO_ALPHA = 0.001;

/**
 * Chi-square goodness of fit of the units per arm (workers, or clusters) against the planned weights
 * (any positive scale; they are normalised).
 */
export function sampleRatioCheck(counts: number[], weights: number[]): SampleRatioCheck {
  if (counts.length !== weights.length || counts.length < 2) {
    throw new RangeError('weights: one planned weight per arm, at least two arms');
  }
  if (weights.some((weight) => !(weight > 0))) throw new RangeError('weights: every planned weight must be positive');
  const total = counts.reduce((sum, count) => sum + count, 0);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const expected = weights.map((weight) => (total * weight) / weightSum);
  const chiSquare = total ? counts.reduce((sum, count, arm) => sum + (count - expected[arm]) ** 2 / expected[arm], 0) : 0;
  const degreesOfFreedom = counts.length - 1;
  const pValue = 1 - chisquareCdf(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, expected, mismatch: pValue < SAMPLE_RATIO_ALPHA };
}
