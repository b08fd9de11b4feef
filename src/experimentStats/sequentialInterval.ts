import type { Interval } from './types';

/**
 * Always-valid interval for a difference: the asymptotic confidence sequence of Waudby-Smith et al.
 * (2023, "Time-uniform central limit theory and asymptotic confidence sequences", arXiv:2103.06476,
 * the normal-mixture boundary of Howard et al. 2021) exactly as GrowthBook documents and ships it
 * (docs.growthbook.io/statistics/sequential; gbstats `sequential_interval_halfwidth`, `sequential_rho`):
 *
 *   half-width = σ̂ · sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( sqrt(Nρ² + 1) / α ) ),   σ̂² = N · SE²,
 *
 * with N the units so far (both arms). The tuning parameter ρ (the mixture's spread) is set so the
 * boundary is tightest at N* = `plannedUnits`: ρ = sqrt( (−2 ln α + ln(−2 ln α + 1)) / N* ).
 * A coach may look at it every day: the chance it ever excludes the truth stays ≤ α.
 */
export function sequentialInterval(
  estimate: { difference: number; standardError: number },
  units: number,
  options: { plannedUnits: number; alpha?: number },
): Interval {
  const alpha = options.alpha ?? 0.05;
  if (!(options.plannedUnits > 0)) throw new RangeError('plannedUnits: must be positive');
  const confidence = 1 - alpha;
  if (!(units > 0)) return { lower: -Infinity, upper: Infinity, confidence };
  const rhoSquared = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / options.plannedUnits;
  const spread = units * rhoSquared + 1;
  const sigmaSquared = units * estimate.standardError ** 2;
  const halfWidth = Math.sqrt(sigmaSquared * ((2 * spread) / (units * units * rhoSquared)) * Math.log(Math.sqrt(spread) / alpha));
  return { lower: estimate.difference - halfWidth, upper: estimate.difference + halfWidth, confidence };
}
