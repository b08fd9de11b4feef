import type { PowerOptions, SampleSizePlan } from './types';

/** Defaults of a power calculation: two-sided 5 %, 80 % power, equal arms. */
export function powerSettings(options: PowerOptions): { alpha: number; power: number; allocationRatio: number } {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const allocationRatio = options.allocationRatio ?? 1;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha: must be between 0 and 1');
  if (!(power > 0 && power < 1)) throw new RangeError('power: must be between 0 and 1');
  if (!(allocationRatio > 0)) throw new RangeError('allocationRatio: must be positive');
  return { alpha, power, allocationRatio };
}

/**
 * Turns the control-arm size of an individually randomized design into a plan, inflating it by the design
 * effect 1 + (m − 1)·ICC for a cluster design (Donner & Klar 2000) and counting the clusters needed.
 */
export function planSampleSize(controlUnits: number, options: PowerOptions): SampleSizePlan {
  const { allocationRatio } = powerSettings(options);
  const cluster = options.cluster;
  if (cluster && !(cluster.icc >= 0 && cluster.icc <= 1)) throw new RangeError('cluster.icc: must be between 0 and 1');
  if (cluster && !(cluster.meanClusterSize >= 1)) throw new RangeError('cluster.meanClusterSize: must be at least 1');
  const designEffect = cluster ? 1 + (cluster.meanClusterSize - 1) * cluster.icc : 1;
  const control = Math.ceil(controlUnits * designEffect - 1e-9);
  const treatment = Math.ceil(controlUnits * allocationRatio * designEffect - 1e-9);
  const plan: SampleSizePlan = { controlUnits: control, treatmentUnits: treatment, totalUnits: control + treatment, designEffect };
  if (!cluster) return plan;
  const clusters = {
    control: Math.ceil(control / cluster.meanClusterSize - 1e-9),
    treatment: Math.ceil(treatment / cluster.meanClusterSize - 1e-9),
  };
  return { ...plan, clusters: { ...clusters, total: clusters.control + clusters.treatment } };
}
