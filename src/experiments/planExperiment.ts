import { z } from 'zod';
import { sampleSizeForMeans } from '../experimentStats/sampleSizeForMeans';
import { sampleSizeForProportions } from '../experimentStats/sampleSizeForProportions';
import type { SampleSizePlan } from '../experimentStats/types';
import { problem, type ExperimentProblem } from './experimentProblem';

export type { SampleSizePlan };

/**
 * The smallest effect a plan is made for: on a rate's scale (0.001 is a tenth of a percentage
 * point) or, for a mean, in standard deviations. It already needs millions of workers per arm;
 * smaller effects need more than anyone has, and near zero the formulas overflow.
 */
const smallestEffect = 0.001;

/**
 * The most workers a plan may need (every arm together): more than the frontline workforce of
 * any organization, so a larger answer only reflects extreme inputs (a tiny alpha, huge clusters).
 */
const largestReachableSample = 1_000_000_000;

export const powerInputSchema = z.strictObject({
  kind: z.enum(['proportion', 'mean']),
  /** proportion: today's rate (0..1). */
  baselineRate: z.number().gt(0).lt(1).optional(),
  /** mean: the metric's standard deviation. */
  standardDeviation: z.number().positive().optional(),
  /** Absolute: 0.08 is 8 points of a rate. */
  minimumDetectableEffect: z.number().refine((v) => v !== 0, 'must not be 0'),
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  power: z.number().gt(0.5).lt(1).default(0.8),
  /** Cluster designs: intra-cluster correlation and mean cluster size. */
  icc: z.number().min(0).max(1).optional(),
  meanClusterSize: z.number().min(1).optional(),
});
export type PowerInput = z.infer<typeof powerInputSchema>;

/** How many workers (and clusters) per arm the minimum detectable effect needs, before start. */
export function planExperiment(input: PowerInput): SampleSizePlan | { problem: ExperimentProblem } {
  if ((input.icc === undefined) !== (input.meanClusterSize === undefined)) {
    return problem(400, 'invalid_power', `${input.icc === undefined ? 'icc' : 'meanClusterSize'}: a cluster design gives both icc and meanClusterSize`, input.icc === undefined ? 'icc' : 'meanClusterSize');
  }
  const options = { alpha: input.alpha, power: input.power, ...(input.icc !== undefined ? { cluster: { icc: input.icc, meanClusterSize: input.meanClusterSize ?? 1 } } : {}) };
  const needed = input.kind === 'proportion' ? 'baselineRate' : 'standardDeviation';
  const given = input.kind === 'proportion' ? input.baselineRate : input.standardDeviation;
  if (given === undefined) return problem(400, 'invalid_power', `${needed}: a ${input.kind} metric's plan needs it`, needed);
  const smallest = input.kind === 'proportion' ? smallestEffect : smallestEffect * given;
  if (Math.abs(input.minimumDetectableEffect) < smallest) {
    const scale = input.kind === 'proportion' ? ' (a tenth of a percentage point)' : ` (${smallestEffect} standard deviations)`;
    return problem(400, 'invalid_power', `minimumDetectableEffect: too small to plan for: the smallest accepted is ${smallest}${scale}, of either sign`, 'minimumDetectableEffect');
  }
  try {
    const plan = input.kind === 'proportion' ? sampleSizeForProportions(given, input.minimumDetectableEffect, options) : sampleSizeForMeans(given, input.minimumDetectableEffect, options);
    if (plan.totalUnits <= largestReachableSample) return plan;
    return problem(
      400,
      'sample_out_of_reach',
      `minimumDetectableEffect: the plan would need more than ${largestReachableSample} workers, more than any experiment reaches: plan for a larger effect, a larger alpha, a lower power or smaller clusters`,
      'minimumDetectableEffect',
    );
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = error.message.split(':')[0];
    return problem(400, 'invalid_power', error.message, field);
  }
}
