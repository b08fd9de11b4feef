import { wilsonInterval } from './wilsonInterval';
import type { Interval, ProportionArm } from './types';

/**
 * Newcombe's hybrid score interval (method 10, Newcombe 1998, Statistics in Medicine 17:873) for the
 * treatment rate minus the control rate, built from the two Wilson intervals.
 */
export function newcombeInterval(control: ProportionArm, treatment: ProportionArm, confidence = 0.95): Interval {
  const p0 = control.successes / control.units;
  const p1 = treatment.successes / treatment.units;
  const w0 = wilsonInterval(control, confidence);
  const w1 = wilsonInterval(treatment, confidence);
  const difference = p1 - p0;
  return {
    lower: difference - Math.hypot(p1 - w1.lower, w0.upper - p0),
    upper: difference + Math.hypot(w1.upper - p1, p0 - w0.lower),
    confidence,
  };
}
