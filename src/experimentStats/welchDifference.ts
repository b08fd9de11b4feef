import { tReference } from './tReference';
import type { DifferenceEstimate, MeanArm } from './types';

/** Welch's t test and interval for treatment − control, with Welch–Satterthwaite degrees of freedom. */
export function welchDifference(control: MeanArm, treatment: MeanArm, confidence = 0.95): DifferenceEstimate {
  for (const [name, arm] of Object.entries({ control, treatment })) {
    if (arm.units < 2) throw new RangeError(`${name}.units: Welch's test needs at least 2 units per arm`);
  }
  const controlShare = control.variance / control.units;
  const treatmentShare = treatment.variance / treatment.units;
  const standardError = Math.sqrt(controlShare + treatmentShare);
  // With no spread at all the Welch–Satterthwaite ratio is 0/0; the pooled df is the natural limit.
  const degreesOfFreedom =
    standardError > 0
      ? (controlShare + treatmentShare) ** 2 /
        (controlShare ** 2 / (control.units - 1) + treatmentShare ** 2 / (treatment.units - 1))
      : control.units + treatment.units - 2;
  return tReference(treatment.mean - control.mean, standardError, degreesOfFreedom, confidence);
}
