import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import type { ProportionArm } from './types';

// SciPy's tolerance for "as likely as the observed table", so rounding never drops a tie.
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided p-value of Fisher's exact test on the 2×2 table of the two arms: the probability, given
 * the margins, of every table no more likely than the observed one (the rule of SciPy and R).
 */
export function fisherExactTest(control: ProportionArm, treatment: ProportionArm): number {
  const population = control.units + treatment.units;
  const successes = control.successes + treatment.successes;
  const draws = control.units;
  const observed = hypergeometricPmf(control.successes, population, successes, draws);
  let pValue = 0;
  const lowest = Math.max(0, draws + successes - population);
  const highest = Math.min(draws, successes);
  for (let x = lowest; x <= highest; x += 1) {
    const probability = hypergeometricPmf(x, population, successes, draws);
    if (probability <= observed * RELATIVE_TOLERANCE) pValue += probability;
  }
  return Math.min(1, pValue);
}
