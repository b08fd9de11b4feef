import { clusterRobustFit } from './clusterRobustFit';
import { tReference } from './tReference';
import type { AnalysisUnit, ClusteredDifference } from './types';

/** Under this many clusters CR2 intervals are still honest but wide and the df small (Imbens & Kolesár 2016). */
export const FEW_CLUSTERS = 20;

function countClusters(units: AnalysisUnit[], treated: boolean): number {
  return new Set(units.filter((unit) => unit.treated === treated).map((unit) => unit.cluster)).size;
}

/** Plain words for a design with few clusters, or undefined. */
export function fewClustersWarning(clusters: number): string | undefined {
  if (clusters >= FEW_CLUSTERS) return undefined;
  return `Only ${clusters} clusters were randomized (fewer than ${FEW_CLUSTERS}): the interval is wide and rests on a small-sample correction; treat the result as a first indication.`;
}

/**
 * Treatment − control difference in means (a proportion when outcomes are 0/1) when whole clusters are
 * randomized: OLS of outcome on treated with CR2 standard errors and Bell–McCaffrey df.
 */
export function clusteredDifference(units: AnalysisUnit[], confidence = 0.95): ClusteredDifference {
  const missing = units.findIndex((unit) => unit.cluster === undefined);
  if (missing >= 0) throw new RangeError(`units[${missing}].cluster: a clustered analysis needs every unit's cluster`);
  const clusters = { control: countClusters(units, false), treatment: countClusters(units, true) };
  const fit = clusterRobustFit(
    units.map((unit) => ({ x: [1, unit.treated ? 1 : 0], y: unit.outcome, cluster: unit.cluster as string })),
    1,
  );
  const warning = fewClustersWarning(clusters.control + clusters.treatment);
  return {
    ...tReference(fit.coefficient, fit.standardError, fit.degreesOfFreedom, confidence),
    clusters,
    ...(warning ? { warning } : {}),
  };
}
