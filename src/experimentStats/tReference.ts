import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { DifferenceEstimate } from './types';

// @stdlib's t CDF answers 0.5 for infinite df, so the normal limit is taken explicitly.
function lowerTail(statistic: number, degreesOfFreedom: number): number {
  return Number.isFinite(degreesOfFreedom) ? tCdf(statistic, degreesOfFreedom) : normalCdf(statistic, 0, 1);
}

/** The two-sided critical value of a t (or, for infinite df, the standard normal) reference. */
export function criticalValue(confidence: number, degreesOfFreedom: number): number {
  const upper = 1 - (1 - confidence) / 2;
  return Number.isFinite(degreesOfFreedom) ? tQuantile(upper, degreesOfFreedom) : normalQuantile(upper, 0, 1);
}

/** Interval and two-sided p-value of an estimate whose standardized value follows t(df) under "no difference". */
export function tReference(
  difference: number,
  standardError: number,
  degreesOfFreedom: number,
  confidence: number,
): DifferenceEstimate {
  const halfWidth = criticalValue(confidence, degreesOfFreedom) * standardError;
  const pValue = standardError > 0 ? 2 * lowerTail(-Math.abs(difference / standardError), degreesOfFreedom) : difference === 0 ? 1 : 0;
  return {
    difference,
    standardError,
    degreesOfFreedom,
    interval: { lower: difference - halfWidth, upper: difference + halfWidth, confidence },
    pValue: Math.min(1, pValue),
  };
}
