import { z } from 'zod';
import { sampleSizeForMeans } from '../experimentStats/sampleSizeForMeans';
import { sampleSizeForProportions } from '../experimentStats/sampleSizeForProportions';
import type { SampleSizePlan } from '../experimentStats/types';
import { problem, type ExperimentProblem } from './experimentProblem';

export type { SampleSizePlan };

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
  try {
    return input.kind === 'proportion' ? sampleSizeForProportions(given, input.minimumDetectableEffect, options) : sampleSizeForMeans(given, input.minimumDetectableEffect, options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = error.message.split(':')[0];
    return problem(400, 'invalid_power', error.message, field);
  }
}
