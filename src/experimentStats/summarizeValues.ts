import type { MeanArm } from './types';

/** n, mean and sample variance (divisor n − 1; 0 for a single value) of a numeric metric. */
export function summarizeValues(values: number[]): MeanArm {
  const units = values.length;
  const mean = units ? values.reduce((sum, value) => sum + value, 0) / units : 0;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { units, mean, variance: units > 1 ? squares / (units - 1) : 0 };
}
