import { criticalValue } from './tReference';
import type { Interval, ProportionArm } from './types';

/** Wilson score interval for one rate; [0, 1] when the arm has no units. */
export function wilsonInterval(arm: ProportionArm, confidence = 0.95): Interval {
  const { successes, units } = arm;
  if (units === 0) return { lower: 0, upper: 1, confidence };
  const z = criticalValue(confidence, Infinity);
  const z2 = z * z;
  const centre = (successes + z2 / 2) / (units + z2);
  const halfWidth = (z / (units + z2)) * Math.sqrt((successes * (units - successes)) / units + z2 / 4);
  return { lower: Math.max(0, centre - halfWidth), upper: Math.min(1, centre + halfWidth), confidence };
}
