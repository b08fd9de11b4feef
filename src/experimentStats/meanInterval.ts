import { criticalValue } from './tReference';
import type { Interval, MeanArm } from './types';

/** Student-t interval for one arm's mean; undefined under 2 units (no spread to speak of). */
export function meanInterval(arm: MeanArm, confidence = 0.95): Interval | undefined {
  if (arm.units < 2) return undefined;
  const halfWidth = criticalValue(confidence, arm.units - 1) * Math.sqrt(arm.variance / arm.units);
  return { lower: arm.mean - halfWidth, upper: arm.mean + halfWidth, confidence };
}
