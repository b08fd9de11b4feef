import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { planSampleSize, powerSettings } from './planSampleSize';
import type { PowerOptions, SampleSizePlan } from './types';

/**
 * Units needed to detect a mean difference `minimumDetectableEffect` when the outcome's standard deviation
 * is `standardDeviation`, two-sided two-sample t test: n_c = (t_{1−α/2,df} + t_{power,df})²·σ²·(1 + 1/k)/δ²,
 * iterated on df = n_c + n_t − 2 until the whole number settles (agrees with G*Power's noncentral-t answer
 * to within one unit per arm).
 */
export function sampleSizeForMeans(standardDeviation: number, minimumDetectableEffect: number, options: PowerOptions = {}): SampleSizePlan {
  const { alpha, power, allocationRatio: k } = powerSettings(options);
  if (!(standardDeviation > 0)) throw new RangeError('standardDeviation: must be positive');
  if (!minimumDetectableEffect) throw new RangeError('minimumDetectableEffect: must be non-zero');
  // The ratio first: σ² and δ² alone overflow or underflow for units far from 1.
  const scale = (standardDeviation / minimumDetectableEffect) ** 2 * (1 + 1 / k);
  let controlUnits = 2;
  for (let round = 0; round < 50; round += 1) {
    const degreesOfFreedom = Math.max(1, controlUnits * (1 + k) - 2);
    const next = (tQuantile(1 - alpha / 2, degreesOfFreedom) + tQuantile(power, degreesOfFreedom)) ** 2 * scale;
    if (Math.ceil(next) === Math.ceil(controlUnits)) return planSampleSize(next, options);
    controlUnits = Math.max(2, next);
  }
  return planSampleSize(controlUnits, options);
}
