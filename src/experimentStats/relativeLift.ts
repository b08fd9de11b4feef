import { criticalValue } from './tReference';
import type { LiftEstimate, MeanArm } from './types';

/**
 * Relative lift treatment/control − 1 with a delta-method normal interval, the variance GrowthBook's
 * frequentist engine documents (docs.growthbook.io/statistics/details):
 * Var = s_t² / (n_t·μ_c²) + μ_t²·s_c² / (n_c·μ_c⁴). Undefined when the control mean is 0.
 */
export function relativeLift(control: MeanArm, treatment: MeanArm, confidence = 0.95): LiftEstimate | undefined {
  if (control.mean === 0) return undefined;
  const lift = treatment.mean / control.mean - 1;
  const variance =
    treatment.variance / (treatment.units * control.mean ** 2) +
    (treatment.mean ** 2 * control.variance) / (control.units * control.mean ** 4);
  const halfWidth = criticalValue(confidence, Infinity) * Math.sqrt(variance);
  return { lift, interval: { lower: lift - halfWidth, upper: lift + halfWidth, confidence } };
}
