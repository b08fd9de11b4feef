import { tReference } from './tReference';
import type { ProportionArm } from './types';

/** Pooled two-proportion z test; z² is Pearson's chi-square without continuity correction. */
export function twoProportionZTest(control: ProportionArm, treatment: ProportionArm): { z: number; pValue: number } {
  const pooled = (control.successes + treatment.successes) / (control.units + treatment.units);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / control.units + 1 / treatment.units));
  const difference = treatment.successes / treatment.units - control.successes / control.units;
  const z = standardError > 0 ? difference / standardError : 0;
  return { z, pValue: tReference(difference, standardError, Infinity, 0.95).pValue };
}
