import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { planSampleSize, powerSettings } from './planSampleSize';
import type { PowerOptions, SampleSizePlan } from './types';

/**
 * Units needed to detect a change of the rate from `baselineRate` by `minimumDetectableEffect`
 * (absolute, e.g. 0.08 for 8 points) with a two-sided two-proportion test: the normal-approximation
 * formula without continuity correction (Fleiss, Levin & Paik 2003, eq. 4.14, with allocation ratio k),
 * pooled variance under the null and unpooled under the alternative.
 */
export function sampleSizeForProportions(baselineRate: number, minimumDetectableEffect: number, options: PowerOptions = {}): SampleSizePlan {
  const { alpha, power, allocationRatio: k } = powerSettings(options);
  const p0 = baselineRate;
  const p1 = baselineRate + minimumDetectableEffect;
  if (!(p0 > 0 && p0 < 1)) throw new RangeError('baselineRate: must be between 0 and 1');
  if (!(p1 > 0 && p1 < 1) || minimumDetectableEffect === 0) {
    throw new RangeError('minimumDetectableEffect: baselineRate + effect must stay between 0 and 1 and differ from it');
  }
  const zAlpha = normalQuantile(1 - alpha / 2, 0, 1);
  const zBeta = normalQuantile(power, 0, 1);
  const pooled = (p0 + k * p1) / (1 + k);
  const nullSpread = zAlpha * Math.sqrt(pooled * (1 - pooled) * (1 + 1 / k));
  const alternativeSpread = zBeta * Math.sqrt(p0 * (1 - p0) + (p1 * (1 - p1)) / k);
  return planSampleSize((nullSpread + alternativeSpread) ** 2 / minimumDetectableEffect ** 2, options);
}
